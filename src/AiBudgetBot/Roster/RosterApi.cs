using AiBudgetBot.Http;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;

namespace AiBudgetBot.Roster;

/// <summary>
/// <c>POST /api/v1/teams/{teamId}/members/sync</c>: take the team's members from its linked channels now;
/// <c>GET /api/v1/teams/{teamId}</c>: the team with each member's sources. Both need the admin key.
/// </summary>
public static class RosterApi
{
    public static IEndpointRouteBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/teams").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapPost("/{teamId}/members/sync", async (string teamId, RosterSync sync, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var outcome = await sync.SyncAsync(teamId, ApiKeyFilter.Caller(http), ct);
                return outcome.Status switch
                {
                    RosterSyncStatus.Synced => Results.Ok(outcome.Report),
                    RosterSyncStatus.NotFound => Problems.NotFound(outcome.Detail!),
                    RosterSyncStatus.Refused => Problems.BadRequest(outcome.Detail!),
                    // The platform, not the bot, failed: a gateway error.
                    _ => Problems.BadGateway(outcome.Detail!),
                };
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                return Problems.Unavailable("The sync could not be stored; the team's members were not changed. Retry shortly.");
            }
        });
        api.MapGet("/{teamId}", async (string teamId, DirectoryStore directory, CancellationToken ct) =>
        {
            try
            {
                return await directory.ReadTeamAsync(teamId, ct) is { } team
                    ? Results.Ok(TeamView.Of(team))
                    : Problems.NotFound($"Team '{teamId}' does not exist; create it with PUT /api/v1/teams/{teamId}.");
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                return Problems.Unavailable("The directory could not be read. Retry shortly.");
            }
        });
        return app;
    }
}
