using AiBudgetBot.Http;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Status;

/// <summary><c>GET /api/v1/teams/{teamId}/status</c>: the same numbers the bot shows in chat.</summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/teams/{teamId}/status", async (string teamId, BudgetStatus status, CancellationToken ct) =>
        {
            try
            {
                var team = await status.ForTeamAsync(teamId, ct);
                if (team is null)
                {
                    return Problems.NotFound($"Team '{teamId}' does not exist.");
                }

                return Results.Ok(new
                {
                    team = team.Team.Id,
                    period = team.Period,
                    onboarded = team.Team.IsOnboarded,
                    pools = team.Pools.Select(p => new
                    {
                        id = p.Pool.Id,
                        kind = p.Pool.Kind.ToString().ToLowerInvariant(),
                        stage = p.Pool.Stage.ToString().ToLowerInvariant(),
                        period = p.Period.Key,
                        limit = p.Limit,
                        softLimit = p.Limits.Soft,
                        hardLimit = p.Limits.Hard,
                        spent = p.Ledger.Spent,
                        reserved = p.Ledger.Reserved,
                        remaining = p.Remaining,
                        leased = p.Leased,
                        leases = p.Ledger.Leases.Leases.Count,
                        writtenOff = p.Ledger.Leases.WrittenOff,
                        percentUsed = p.PercentUsed,
                        forecast = p.Forecast,
                        events = p.Ledger.Events,
                        overrides = p.Ledger.Overrides.Values
                            .Select(o => new { id = o.Id, amount = o.Amount, expiresAt = o.ExpiresAt, workflow = o.Workflow }),
                    }),
                });
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                return Problems.Unavailable("The budget store is unreachable; try again shortly.");
            }
        }).AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        return app;
    }
}
