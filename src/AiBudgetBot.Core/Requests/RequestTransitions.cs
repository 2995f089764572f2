using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Core.Requests;

/// <summary>
/// The request state machine: pending → approved | denied | expired | withdrawn, nothing else.
/// Pure: the caller writes the result under the row's ETag, so of two clicks read from the
/// same version only one can land, and the loser re-reads and is told who decided.
/// </summary>
public static class RequestTransitions
{
    /// <summary>
    /// <paramref name="personId"/> approves or denies the current step as <paramref name="as"/>.
    /// A deny ends the request; an approval of the last step approves it; otherwise it moves on
    /// to the next step. Call <see cref="DeciderRules.Check"/> first: this only checks the state.
    /// </summary>
    public static Transition Decide(BudgetRequest request, string personId, Approver @as, bool approve, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != RequestState.Pending || request.CurrentStep is null)
        {
            return Transition.Refused($"This request is already {Describe(request.State)}.");
        }

        if (now >= request.Deadline)
        {
            // The expiry job may not have run yet; a decision after the deadline must not land.
            return Transition.Refused("This request passed its deadline and has expired; ask again if it is still needed.");
        }

        var decision = new RequestDecision(request.ApprovedSteps, @as, personId, approve, now);
        var decisions = request.Decisions.Append(decision).ToArray();
        var state = !approve ? RequestState.Denied
            : decisions.Count(d => d.Approved) >= request.Steps.Count ? RequestState.Approved
            : RequestState.Pending;
        var grantedUntil = state == RequestState.Approved && request.Kind == RequestKind.Override && request.Hours is { } hours
            ? now.AddHours(hours)
            : request.GrantedUntil;
        return Transition.To(request with { State = state, Decisions = decisions, GrantedUntil = grantedUntil });
    }

    /// <summary>A pending request past its deadline expires; an approved override past its end expires.</summary>
    public static Transition Expire(BudgetRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request switch
        {
            { State: RequestState.Pending } when now >= request.Deadline => Transition.To(request with { State = RequestState.Expired }),
            { State: RequestState.Approved, Kind: RequestKind.Override, GrantedUntil: { } until } when now >= until => Transition.To(request with { State = RequestState.Expired }),
            _ => Transition.Refused("Nothing to expire yet."),
        };
    }

    /// <summary>Only the requester withdraws, and only while nobody has decided it.</summary>
    public static Transition Withdraw(BudgetRequest request, string personId)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.State != RequestState.Pending)
        {
            return Transition.Refused($"This request is already {Describe(request.State)}.");
        }

        return string.Equals(request.RequesterId, personId, StringComparison.OrdinalIgnoreCase)
            ? Transition.To(request with { State = RequestState.Withdrawn })
            : Transition.Refused("Only the person who asked can withdraw a request.");
    }

    public static string Describe(RequestState state) => state.ToString().ToLowerInvariant();
}

/// <summary>The request after a transition, or why there was none.</summary>
public sealed record Transition(BudgetRequest? Request, string? Refusal)
{
    public bool Succeeded => Request is not null;

    public static Transition To(BudgetRequest request) => new(request, null);

    public static Transition Refused(string why) => new(null, why);
}
