using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Storage.Directory;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Limits;

/// <summary>
/// authorize's answer when the store cannot decide: the outage policy of the pool the call would have
/// used (<c>Limits:WhenStoreDown</c>), said in the 503 so a gateway can follow it. The pool is named from
/// the last directory read, however old; nothing is held and no budget is checked.
/// </summary>
public sealed class StoreDownAnswers(DirectoryStore directory, PartitionContexts contexts, IOptions<LimitsOptions> limits, TimeProvider time)
{
    public StoreDownAnswer For(AuthorizeRequest request)
    {
        var pool = PoolOf(request);
        var mode = limits.Value.WhenStoreDown.Policy().For(pool);
        return new StoreDownAnswer(mode == StoreDownMode.Open ? "allow" : "deny", StoreDownPolicy.ReasonOf(mode), pool?.Id);
    }

    private Pool? PoolOf(AuthorizeRequest request)
    {
        // A team last seen paused or not onboarded never fails open: the outage must not undo a "stop".
        if (directory.LastKnown is not { } known
            || known.FindTeam(request.Team) is not { IsOnboarded: true } team
            || team.IsPaused(request.Workflow))
        {
            return null;
        }

        return PoolRouter.Route(known.PoolsOf(team.Id), request.Pool, request.Workflow, contexts.Calendar.LocalDate(time.GetUtcNow())).Pool;
    }
}

/// <summary>The outage decision: <c>allow</c> or <c>deny</c>, with the reason that says it came from the policy.</summary>
public sealed record StoreDownAnswer(string Decision, string Reason, string? Pool);
