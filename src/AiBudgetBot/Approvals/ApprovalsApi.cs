using AiBudgetBot.Http;

namespace AiBudgetBot.Approvals;

public static class ApprovalsApi
{
    /// <summary><c>POST /api/v1/teams/{teamId}/onboarding/invite</c>: send the team's owners the framework to accept.</summary>
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapPost("/teams/{teamId}/onboarding/invite", async (string teamId, OnboardingService onboarding, HttpContext http, CancellationToken ct) =>
            await onboarding.InviteAsync(teamId, ApiKeyFilter.Caller(http), ct) switch
            {
                { NotFound: true } r => Problems.NotFound(r.Errors[0]),
                { Succeeded: false } r => Problems.Invalid(r.Errors),
                var r => Results.Ok(r.Value),
            });
        return app;
    }
}
