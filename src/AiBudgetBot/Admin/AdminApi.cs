using AiBudgetBot.Admin;
using AiBudgetBot.Http;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Admin;

/// <summary>The admin API: prices, people, teams, pools, onboarding records and the audit trail.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapPut("/prices", (List<PriceDto> prices, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutPricesAsync(prices, ApiKeyFilter.Caller(http), ct)));
        api.MapPut("/people", (List<PersonByEmailDto> people, PeopleImport import, HttpContext http, CancellationToken ct) =>
            Run(() => import.PutAsync(people, ApiKeyFilter.Caller(http), ct)));
        api.MapPut("/people/{personId}", (string personId, PersonDto person, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutPersonAsync(personId, person, ApiKeyFilter.Caller(http), ct)));
        api.MapPut("/teams/{teamId}", (string teamId, TeamDto team, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutTeamAsync(teamId, team, ApiKeyFilter.Caller(http), ct)));
        api.MapPut("/teams/{teamId}/pools/{poolId}", (string teamId, string poolId, PoolDto pool, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.PutPoolAsync(teamId, poolId, pool, ApiKeyFilter.Caller(http), ct)));
        api.MapPost("/teams/{teamId}/onboarding", (string teamId, OnboardingDto onboarding, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.RecordOnboardingAsync(teamId, onboarding, ApiKeyFilter.Caller(http), ct)));
        api.MapPost("/teams/{teamId}/workflows/{workflow}/pause", (string teamId, string workflow, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.SetWorkflowPausedAsync(teamId, workflow, paused: true, ApiKeyFilter.Caller(http), ct)));
        api.MapPost("/teams/{teamId}/workflows/{workflow}/resume", (string teamId, string workflow, BudgetAdmin admin, HttpContext http, CancellationToken ct) =>
            Run(() => admin.SetWorkflowPausedAsync(teamId, workflow, paused: false, ApiKeyFilter.Caller(http), ct)));
        api.MapGet("/audit", async (string? team, DateTimeOffset? from, DateTimeOffset? to, AuditLog audit, CancellationToken ct) =>
            Results.Ok(await audit.ReadAsync(team, from, to, 1000, ct)));
        return app;
    }

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
