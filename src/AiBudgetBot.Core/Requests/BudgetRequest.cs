using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Core.Requests;

/// <summary>
/// One ask for money or access, with everything needed to decide it and to carry it out. The
/// storage layer keeps it in its own row; cards carry only its <see cref="Id"/>.
/// </summary>
/// <param name="Id">"{teamId}:{suffix}": the team is the row's partition, so a click finds it with one read.</param>
/// <param name="PoolId">The pool the request is about (graduation: the sandbox pool the workflow leaves).</param>
/// <param name="Amount">Override headroom or increase delta; null for graduation and onboarding.</param>
/// <param name="Workflow">An override's scope (null = the whole pool), or the workflow that graduates.</param>
/// <param name="Hours">How long an approved override lasts.</param>
/// <param name="TargetPoolId">Graduation: the production pool that takes the workflow.</param>
/// <param name="CreatesTargetPool">Graduation: the target pool does not exist yet and is created on approval.</param>
/// <param name="NextPeriod">Increase: applies from the start of the next period rather than now.</param>
/// <param name="Steps">Who decides, in order (increase: owner then finance).</param>
/// <param name="Deadline">A request still pending at this instant expires.</param>
/// <param name="GrantedUntil">An approved override's end; set on approval.</param>
/// <param name="BaseAmount">Increase: the pool's amount when it was asked for, so carrying it out twice sets the same limit.</param>
/// <param name="AppliedAt">When the approval's effect (override granted, limit raised, workflow moved) was carried out.</param>
/// <param name="RoiEvidence">Increase: why it is (or is not) expedited, with the ROI; graduation: the workflow's measured ROI.</param>
public sealed record BudgetRequest(
    string Id,
    string TeamId,
    string PoolId,
    RequestKind Kind,
    RequestState State,
    string RequesterId,
    string Reason,
    decimal? Amount,
    string? Workflow,
    int? Hours,
    string? TargetPoolId,
    bool CreatesTargetPool,
    bool NextPeriod,
    IReadOnlyList<Approver> Steps,
    IReadOnlyList<RequestDecision> Decisions,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? GrantedUntil = null,
    DateTimeOffset? AppliedAt = null,
    decimal? BaseAmount = null,
    string? RoiEvidence = null)
{
    /// <summary>How many steps are approved so far; the next one to decide is <c>Steps[ApprovedSteps]</c>.</summary>
    public int ApprovedSteps => Decisions.Count(d => d.Approved);

    /// <summary>Who must decide next; null once the request is final.</summary>
    public Approver? CurrentStep => State == RequestState.Pending && ApprovedSteps < Steps.Count ? Steps[ApprovedSteps] : null;

    /// <summary>The latest decision, if any.</summary>
    public RequestDecision? LastDecision => Decisions.Count > 0 ? Decisions[^1] : null;

    /// <summary>The decision that made the request final (approved, denied), if a person made one.</summary>
    public RequestDecision? FinalDecision => State is RequestState.Approved or RequestState.Denied ? LastDecision : null;
}

/// <summary>One person's decision on one step.</summary>
public sealed record RequestDecision(int Step, Approver As, string PersonId, bool Approved, DateTimeOffset At);
