using AiBudgetBot.Admin;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Limits;
using AiBudgetBot.Storage.Ledger;

namespace AiBudgetBot.Approvals;

/// <summary>
/// Carries out what an approval means: override headroom into the pool-period's ledger, a new
/// limit on the pool, a workflow moved to a production pool. Every effect is idempotent (the
/// override is keyed by the request id; pool changes set a value rather than add), so the
/// expiry job can safely carry out again an approval whose effect a crash interrupted.
/// </summary>
public sealed class RequestEffects(LedgerWriter ledger, BudgetAdmin admin, PartitionContexts contexts, TimeProvider time)
{
    /// <summary>Carries out <paramref name="request"/> if it is due; says when it must wait (an increase for next period) or cannot be done.</summary>
    public async Task<EffectResult> ApplyAsync(BudgetRequest request, Team team, BudgetDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(directory);
        var now = time.GetUtcNow();
        var approvedAt = request.LastDecision?.At ?? now;
        var actor = $"request:{request.Id}";
        switch (request.Kind)
        {
            case RequestKind.Override:
                if (directory.FindPool(team.Id, request.PoolId) is not { } pool)
                {
                    return EffectResult.Failed($"pool {request.PoolId} no longer exists");
                }

                // The override lives in the ledger of each period its window touches: one approved on the
                // 31st for 24 h still holds on the 1st, until it expires.
                var granted = new BudgetOverride(request.Id, request.Amount ?? 0m, request.GrantedUntil ?? now, request.Workflow);
                foreach (var at in PeriodsCovered(pool, approvedAt, granted.ExpiresAt))
                {
                    await ledger.GrantOverrideAsync(granted, contexts.For(team, pool, at, now), cancellationToken);
                }

                return EffectResult.Done;

            case RequestKind.Increase:
                if (directory.FindPool(team.Id, request.PoolId) is not { } current)
                {
                    return EffectResult.Failed($"pool {request.PoolId} no longer exists");
                }

                if (request.NextPeriod && now < NextPeriodStart(current, approvedAt))
                {
                    return EffectResult.Waiting;
                }

                // The limit the request was made against plus the increase, so a repeat sets the same value;
                // applied to the row as stored, so a concurrent change to the pool's other fields survives.
                return Result(await admin.UpdatePoolAsync(team.Id, current.Id, stored => stored is null ? null
                    : stored with { Amount = new Core.Money.Money(IncreasedAmount(request, stored), stored.Amount.Currency) }, actor, "pool.increase", cancellationToken));

            case RequestKind.Graduation:
                return await GraduateAsync(request, team, directory, actor, now, cancellationToken);

            case RequestKind.Onboarding:
                return Result(await admin.RecordOnboardingAsync(team.Id, new OnboardingDto(request.LastDecision!.PersonId, $"request {request.Id}"), actor, cancellationToken));

            default:
                return EffectResult.Failed($"unknown kind {request.Kind}");
        }
    }

    /// <summary>Takes an ended override out of its ledger (authorize already ignores it past its end; this keeps the row clean).</summary>
    public async Task RevokeAsync(BudgetRequest request, Team team, BudgetDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.FindPool(team.Id, request.PoolId) is not { } pool)
        {
            return;
        }

        var now = time.GetUtcNow();
        var approvedAt = request.LastDecision?.At ?? now;
        foreach (var at in PeriodsCovered(pool, approvedAt, request.GrantedUntil ?? approvedAt))
        {
            await ledger.RevokeOverrideAsync(request.Id, contexts.For(team, pool, at, now), cancellationToken);
        }
    }

    /// <summary>An instant in each period of <paramref name="pool"/> that [from, until) touches (at most a year of them).</summary>
    private List<DateTimeOffset> PeriodsCovered(Pool pool, DateTimeOffset from, DateTimeOffset until)
    {
        var instants = new List<DateTimeOffset> { from };
        var at = from;
        while (instants.Count < 12)
        {
            var end = pool.PeriodOf(at, contexts.Calendar).End;
            if (end <= at || end >= until)
            {
                break;
            }

            instants.Add(end);
            at = end;
        }

        return instants;
    }

    /// <summary>The pool's amount when the increase was asked for plus the increase (the current amount for rows without a base).</summary>
    private static decimal IncreasedAmount(BudgetRequest request, Pool current) =>
        request.BaseAmount is { } baseAmount ? baseAmount + (request.Amount ?? 0m) : current.Amount.Amount + (request.Amount ?? 0m);

    private DateTimeOffset NextPeriodStart(Pool pool, DateTimeOffset at) => pool.PeriodOf(at, contexts.Calendar).End;

    private async Task<EffectResult> GraduateAsync(BudgetRequest request, Team team, BudgetDirectory directory, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workflow = request.Workflow!;
        var sandbox = directory.FindPool(team.Id, request.PoolId);
        var target = directory.FindPool(team.Id, request.TargetPoolId ?? workflow);
        if (target is null)
        {
            var template = sandbox ?? (directory.PoolsOf(team.Id) is [var first, ..] ? first : null);
            if (template is null)
            {
                return EffectResult.Failed("the team has no pool to size a new project pool from");
            }

            // A new production allocation starts as a pilot sized like the sandbox envelope it proved itself in.
            var period = contexts.Calendar.Containing(now, PeriodKind.Monthly);
            target = new Pool(team.Id, request.TargetPoolId ?? workflow, PoolKind.Project, PoolStage.Pilot, template.Amount, PeriodKind.Monthly, period.FirstDay, null, 100m, 100m, Pool.DefaultThresholds, []);
        }

        if (!target.Routes(workflow))
        {
            // Route to the target first, then leave the sandbox, so no event falls to the baseline in between.
            var created = target;
            var result = await admin.UpdatePoolAsync(team.Id, target.Id, stored => (stored ?? created) is { } pool && !pool.Routes(workflow)
                ? pool with { Workflows = [.. pool.Workflows, workflow] }
                : null, actor, "pool.graduate", cancellationToken);
            if (!result.Succeeded)
            {
                return Result(result);
            }
        }

        if (sandbox is not null && sandbox.Routes(workflow))
        {
            return Result(await admin.UpdatePoolAsync(team.Id, sandbox.Id, stored => stored is not null && stored.Routes(workflow)
                ? stored with { Workflows = stored.Workflows.Where(w => !string.Equals(w, workflow, StringComparison.OrdinalIgnoreCase)).ToArray() }
                : null, actor, "pool.graduate", cancellationToken));
        }

        return EffectResult.Done;
    }

    private static EffectResult Result(AdminResult result) => result.Succeeded ? EffectResult.Done : EffectResult.Failed(string.Join(" ", result.Errors));
}

/// <summary>Whether an approval's effect was carried out, must wait, or could not be.</summary>
public sealed record EffectResult(bool Applied, bool Wait, string? Problem)
{
    public static readonly EffectResult Done = new(true, false, null);

    public static readonly EffectResult Waiting = new(false, true, null);

    public static EffectResult Failed(string problem) => new(false, false, problem);
}
