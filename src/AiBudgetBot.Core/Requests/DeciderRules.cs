using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Core.Requests;

/// <summary>
/// Who decides a request: the steps it needs when it is made, and whether a given person may
/// decide its current step when they click. The click is checked against the directory as it
/// is then (owners and roles can change while a request waits), never against the card.
/// </summary>
public static class DeciderRules
{
    /// <summary>
    /// The steps a request needs. Overrides follow the pool's stage (pilot: finance); any amount
    /// above the organization's escalation threshold goes to finance; an increase is owner then
    /// finance unless it is expedited (ROI proven), and then owner alone unless it is escalated;
    /// a graduation needs the owner, and finance too when it creates a pool or lands in a pilot
    /// one (new money, or finance-governed money); onboarding is the owner's.
    /// </summary>
    public static IReadOnlyList<Approver> StepsFor(RequestKind kind, StageRules poolRules, decimal? amount, decimal escalationAbove, bool expedite = false, bool targetNeedsFinance = false)
    {
        ArgumentNullException.ThrowIfNull(poolRules);
        var escalated = amount is { } a && escalationAbove > 0m && a > escalationAbove;
        return kind switch
        {
            RequestKind.Override => [escalated ? Approver.Finance : poolRules.OverrideApprover],
            RequestKind.Increase when expedite => [escalated ? Approver.Finance : Approver.Owner],
            RequestKind.Increase => [Approver.Owner, Approver.Finance],
            RequestKind.Graduation => targetNeedsFinance ? [Approver.Owner, Approver.Finance] : [Approver.Owner],
            RequestKind.Onboarding => [Approver.Owner],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Whether <paramref name="person"/> may decide the current step of <paramref name="request"/>; the refusal says who can.</summary>
    public static DeciderCheck Check(BudgetRequest request, Person person, Team team)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(team);
        if (request.CurrentStep is not { } step)
        {
            return DeciderCheck.No($"This request is already {RequestTransitions.Describe(request.State)}.");
        }

        if (string.Equals(request.RequesterId, person.Id, StringComparison.OrdinalIgnoreCase))
        {
            return DeciderCheck.No("You made this request, so someone else has to decide it.");
        }

        // One person does not decide two steps of one request (owner and finance are two pairs of eyes).
        if (request.Decisions.Any(d => string.Equals(d.PersonId, person.Id, StringComparison.OrdinalIgnoreCase)))
        {
            return DeciderCheck.No("You already decided an earlier step of this request; the next step needs someone else.");
        }

        return step switch
        {
            Approver.Owner when team.IsOwner(person.Id) => DeciderCheck.As(Approver.Owner),
            Approver.Finance when person.HasRole(Person.FinanceRole) => DeciderCheck.As(Approver.Finance),
            Approver.Owner => DeciderCheck.No($"Only {team.Name}'s budget owners can decide this step."),
            _ => DeciderCheck.No("Only finance can decide this step."),
        };
    }
}

/// <summary>May decide (and in which capacity), or a refusal for the clicker.</summary>
public sealed record DeciderCheck(Approver? Capacity, string? Refusal)
{
    public bool Allowed => Capacity is not null;

    public static DeciderCheck As(Approver capacity) => new(capacity, null);

    public static DeciderCheck No(string why) => new(null, why);
}
