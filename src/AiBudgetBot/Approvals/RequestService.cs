using AiBudgetBot.Admin;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Limits;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Requests;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Approvals;

/// <summary>
/// Chat's <see cref="IRequestCommands"/>: turns override, increase and graduate into stored
/// requests with a card to their deciders, and routes clicks to <see cref="RequestDecider"/>
/// and <see cref="OnboardingService"/>.
/// </summary>
public sealed class RequestService(
    RequestStore store,
    RequestNotifier notifier,
    RequestEvidenceReader evidence,
    RequestDecider decider,
    OnboardingService onboarding,
    AuditLog audit,
    IExpeditePolicy expedite,
    IOptions<LimitsOptions> limits,
    IOptions<ApprovalsOptions> approvals,
    IOptions<OrganizationOptions> organization,
    TimeProvider time) : IRequestCommands
{
    private string Currency => organization.Value.Currency;

    public async Task<OutgoingMessage> RequestOverrideAsync(RequestContext context, OverrideCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        if (!context.Team.IsOnboarded)
        {
            return onboarding.NotOnboarded(context);
        }

        var (pool, workflow) = PoolFor(context.Directory, context.Team, command.Reason);
        if (pool is null)
        {
            return ChatCards.Problem("No pool to override", $"{context.Team.Name} has no active budget pool to override; ask an admin to create one.");
        }

        if (pool.Kind == PoolKind.Sandbox)
        {
            return ChatCards.Problem(
                "Sandbox pools have no overrides",
                $"**{pool.Id}** is a sandbox pool: the ring-fenced innovation budget has no override path, so nothing was sent. If {workflow ?? "the workflow"} has proved its value, ask to move it to production with **graduate <workflow> <reason>**.");
        }

        var hours = command.Hours ?? approvals.Value.DefaultOverrideHours;
        if (hours < 1 || hours > approvals.Value.MaxOverrideHours)
        {
            return ChatCards.Problem("That override is too long", $"An override lasts 1 to {approvals.Value.MaxOverrideHours} hours. For lasting room, ask with **increase <amount> <reason>**.");
        }

        var steps = DeciderRules.StepsFor(RequestKind.Override, limits.Value.Policy().For(pool.Stage), command.Amount, limits.Value.EscalationAbove);
        var request = NewRequest(context, pool, RequestKind.Override, command.Amount, workflow, command.Reason, steps) with { Hours = hours };
        return await SubmitAsync(context, pool, request, cancellationToken);
    }

    public async Task<OutgoingMessage> RequestIncreaseAsync(RequestContext context, IncreaseCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        if (!context.Team.IsOnboarded)
        {
            return onboarding.NotOnboarded(context);
        }

        var (pool, _) = PoolFor(context.Directory, context.Team, command.Reason);
        if (pool is null)
        {
            return ChatCards.Problem("No pool to increase", $"{context.Team.Name} has no active budget pool; ask an admin to create one.");
        }

        // The expedited path: ROI over the last full month at Outcomes:ExpediteRoi or more skips finance (below the escalation line).
        var assessment = await expedite.AssessAsync(context.Team.Id, cancellationToken);
        var fast = assessment?.Expedited ?? await expedite.QualifiesAsync(context.Team.Id, pool.Id, command.Amount, cancellationToken);
        var steps = DeciderRules.StepsFor(RequestKind.Increase, limits.Value.Policy().For(pool.Stage), command.Amount, limits.Value.EscalationAbove, expedite: fast);
        var evidence = assessment?.Evidence;
        if (fast && evidence is not null && steps.Count == 1 && steps[0] == Core.Limits.Approver.Finance)
        {
            evidence += $" It is above {ChatFormat.Money(limits.Value.EscalationAbove, Currency)}, so finance decides it.";
        }

        var nextPeriod = command.Reason.Contains("next month", StringComparison.OrdinalIgnoreCase) || command.Reason.Contains("next period", StringComparison.OrdinalIgnoreCase);
        var request = NewRequest(context, pool, RequestKind.Increase, command.Amount, null, command.Reason, steps) with { NextPeriod = nextPeriod, RoiEvidence = evidence };
        return await SubmitAsync(context, pool, request, cancellationToken);
    }

    public async Task<OutgoingMessage> RequestGraduationAsync(RequestContext context, GraduateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        if (!context.Team.IsOnboarded)
        {
            return onboarding.NotOnboarded(context);
        }

        var pools = context.Directory.PoolsOf(context.Team.Id);
        var sandbox = pools.FirstOrDefault(p => p.Kind == PoolKind.Sandbox && p.Routes(command.Workflow));
        if (sandbox is null)
        {
            var sandboxes = pools.Where(p => p.Kind == PoolKind.Sandbox).SelectMany(p => p.Workflows).ToList();
            return ChatCards.Problem(
                $"{command.Workflow} is not in a sandbox",
                $"**{command.Workflow}** is not routed to a sandbox pool of {context.Team.Name}, so there is nothing to graduate." + (sandboxes.Count > 0 ? $" Sandbox workflows: {string.Join(", ", sandboxes)}." : ""));
        }

        // The production pool: one named after the workflow, else the team's only project pool, else a new one.
        var projects = pools.Where(p => p.Kind == PoolKind.Project).ToList();
        var target = projects.FirstOrDefault(p => string.Equals(p.Id, command.Workflow, StringComparison.OrdinalIgnoreCase))
            ?? (projects.Count == 1 ? projects[0] : null);
        var creates = target is null;
        var steps = DeciderRules.StepsFor(RequestKind.Graduation, limits.Value.Policy().For(sandbox.Stage), null, limits.Value.EscalationAbove, targetNeedsFinance: creates || target!.Stage == PoolStage.Pilot);
        var request = NewRequest(context, sandbox, RequestKind.Graduation, null, command.Workflow, command.Reason, steps) with
        {
            TargetPoolId = target?.Id ?? command.Workflow,
            CreatesTargetPool = creates,
            RoiEvidence = await expedite.WorkflowEvidenceAsync(context.Team.Id, command.Workflow, cancellationToken),
        };
        return await SubmitAsync(context, sandbox, request, cancellationToken);
    }

    public Task<OutgoingMessage> AcceptFrameworkAsync(RequestContext context, CancellationToken cancellationToken) =>
        onboarding.AcceptAsync(context, cancellationToken);

    public async Task<ActionOutcome> HandleActionAsync(ActionContext context, string verb, string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return verb switch
        {
            ActionVerbs.Approve => await decider.DecideAsync(context, subjectId, approve: true, cancellationToken),
            ActionVerbs.Deny => await decider.DecideAsync(context, subjectId, approve: false, cancellationToken),
            ActionVerbs.AcceptFramework => await onboarding.AcceptClickAsync(context, subjectId, cancellationToken),
            ActionVerbs.RequestIncrease => new ActionOutcome(null, "Say **increase <amount> <reason>** (or **override <amount> [<hours>h] <reason>** for temporary room) and I will send it to the deciders with the numbers."),
            _ => new ActionOutcome(null, "This button does nothing now."),
        };
    }

    /// <summary>
    /// The pool an ask is about: a pool whose workflow the reason names (the override is then
    /// scoped to that business-critical workflow), else the team's baseline, else its only pool.
    /// </summary>
    internal static (Pool? Pool, string? Workflow) PoolFor(BudgetDirectory directory, Team team, string reason)
    {
        var pools = directory.PoolsOf(team.Id);
        var words = reason.Split([' ', ',', '.', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            if (pools.FirstOrDefault(p => p.Kind != PoolKind.Baseline && p.Routes(word)) is { } routed)
            {
                return (routed, routed.Workflows.First(w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase)));
            }
        }

        return (pools.FirstOrDefault(p => p.Kind == PoolKind.Baseline) ?? (pools.Count == 1 ? pools[0] : null), null);
    }

    private BudgetRequest NewRequest(RequestContext context, Pool pool, RequestKind kind, decimal? amount, string? workflow, string reason, IReadOnlyList<Core.Limits.Approver> steps)
    {
        var now = time.GetUtcNow();
        var id = $"{context.Team.Id.ToLowerInvariant()}:{Guid.NewGuid().ToString("N")[..10]}";
        return new BudgetRequest(id, context.Team.Id, pool.Id, kind, RequestState.Pending, context.Person.Id, reason, amount, workflow, null, null, false, false, steps, [], now, now.AddHours(approvals.Value.PendingHours));
    }

    private async Task<OutgoingMessage> SubmitAsync(RequestContext context, Pool pool, BudgetRequest request, CancellationToken cancellationToken)
    {
        await store.InsertAsync(request, cancellationToken);
        await audit.RecordAsync(request.TeamId, context.Person.Id, "request.create", null, request, cancellationToken);
        var facts = await evidence.ReadAsync(context.Directory, context.Team, pool, cancellationToken);
        await notifier.SendAsync(RequestNotifier.RequestKind, "step0", request, RequestCards.Pending(request, context.Team, context.Directory, facts, Currency), cancellationToken);
        var deciders = RequestCards.DeciderNames(request.CurrentStep!.Value, context.Team, context.Directory);
        var then = request.Steps.Count > 1 ? $", then {RequestCards.DeciderNames(request.Steps[1], context.Team, context.Directory)}" : "";
        var text = $"I sent your request for {RequestCards.Describe(request, Currency)} to {deciders}{then}, with the current numbers. You will hear the outcome in the team's channel. Request id: {request.Id}.";
        return ChatCards.Note("Request sent", text, MessageTone.Good);
    }
}
