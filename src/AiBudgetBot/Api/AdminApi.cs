using AiBudgetBot.Admin;
using AiBudgetBot.Api.Wire;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Api;

/// <summary>The admin API: prices, people, teams, pools, onboarding records and the audit trail.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapPut("/prices", (List<PriceDto> prices, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutPricesAsync(prices, Caller(http), ct)));
        api.MapPut("/people/{personId}", (string personId, PersonDto person, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutPersonAsync(personId, person, Caller(http), ct)));
        api.MapPut("/teams/{teamId}", (string teamId, TeamDto team, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutTeamAsync(teamId, team, Caller(http), ct)));
        api.MapPut("/teams/{teamId}/pools/{poolId}", (string teamId, string poolId, PoolDto pool, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutPoolAsync(teamId, poolId, pool, Caller(http), ct)));
        api.MapPost("/teams/{teamId}/onboarding", (string teamId, OnboardingDto onboarding, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.RecordOnboardingAsync(teamId, onboarding, Caller(http), ct)));
        api.MapPost("/teams/{teamId}/workflows/{workflow}/pause", (string teamId, string workflow, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.SetWorkflowPausedAsync(teamId, workflow, paused: true, Caller(http), ct)));
        api.MapPost("/teams/{teamId}/workflows/{workflow}/resume", (string teamId, string workflow, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.SetWorkflowPausedAsync(teamId, workflow, paused: false, Caller(http), ct)));
        api.MapGet("/audit", async (string? team, DateTimeOffset? from, DateTimeOffset? to, AuditLog audit, CancellationToken ct) =>
            Results.Ok(await audit.ReadAsync(team, from, to, 1000, ct)));
        return app;
    }

    public static string Caller(HttpContext http) => http.Items[ApiKeyFilter.CallerItem] as string ?? "unknown";

    private static async Task<IResult> Run(Func<Task<AdminResult>> change)
    {
        try
        {
            var result = await change();
            return result switch
            {
                { NotFound: true } => Problems.NotFound(result.Errors[0]),
                { Succeeded: false } => Problems.Invalid(result.Errors),
                _ => Results.Ok(result.Value),
            };
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            return Problems.Unavailable("The change could not be stored; nothing was changed. Retry shortly.");
        }
    }
}
