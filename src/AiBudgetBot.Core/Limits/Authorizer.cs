using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Limits;

/// <summary>
/// Decides whether a pool can take a call of an estimated cost, and holds the money when it
/// can. The caller runs this against the ledger state it is about to write under the ledger
/// row's ETag, so the check and the hold are one atomic step: no interleaving of concurrent
/// calls, on any number of instances, lets spent + reserved pass the hard limit plus the
/// headroom of approved overrides.
/// </summary>
public static class Authorizer
{
    private static readonly string LongestOverrideId = new('o', HoldCapacity.MaxOverrideIdChars);

    /// <param name="committedElsewhere">Money the row commits beyond spent and held: live leases and written-off ones (<see cref="Leases.LeaseBook.Committed"/>).</param>
    public static Decision Reserve(LedgerState state, EffectiveLimits limits, string requestId, decimal amount, string? workflow, DateTimeOffset now, TimeSpan holdFor, decimal committedElsewhere = 0m)
    {
        state.ExpireReservations(now);
        if (state.Reservations.TryGetValue(requestId, out var existing))
        {
            // A retried authorize: same answer, money held once.
            return new Decision(true, existing.Reason, existing.OverrideId, false);
        }

        // Room for the largest hold this call could make: an override's reason and id.
        if (!HoldCapacity.HasRoom(state, HoldCapacity.Chars(requestId, LongestOverrideId, DecisionReasons.SoftLimitExceeded, leased: false)))
        {
            return new Decision(false, DecisionReasons.TooManyOpenReservations, null, false);
        }

        var after = state.Spent + state.Reserved + committedElsewhere + amount;
        string reason;
        string? overrideId = null;
        if (after <= limits.Soft)
        {
            reason = DecisionReasons.WithinBudget;
        }
        else if (after <= limits.Hard)
        {
            reason = DecisionReasons.SoftLimitExceeded;
        }
        else if (state.OverrideFor(workflow, now) is { } granted && after <= limits.Hard + state.OverrideHeadroom(workflow, now))
        {
            reason = DecisionReasons.Override;
            overrideId = granted.Id;
        }
        else
        {
            return new Decision(false, DecisionReasons.HardLimitReached, null, false);
        }

        state.Hold(new Reservation(requestId, amount, now + holdFor, reason, overrideId));
        return new Decision(true, reason, overrideId, true);
    }

    /// <summary>
    /// Whether a deny can be given from a possibly stale copy of the state, without the store.
    /// Safe because settled spend within a period only grows: if it already leaves no room,
    /// the durable state leaves none either (overrides are read from the same copy, and an
    /// override approved since then is the one case this may miss — the caller retries against
    /// the store when the copy is older than a few seconds).
    /// </summary>
    /// <param name="writtenOff">Money written off with dead lease holders: like spend, it only grows within a period.</param>
    public static bool CertainlyDenied(LedgerState stale, EffectiveLimits limits, decimal amount, string? workflow, DateTimeOffset now, decimal writtenOff = 0m) =>
        stale.Spent + writtenOff + amount > limits.Hard + stale.OverrideHeadroom(workflow, now);
}

/// <summary>An authorize outcome; <see cref="Held"/> says whether this call newly reserved money.</summary>
/// <param name="Remaining">The pool's amount less spent and held, after this decision (set by the caller that knows the pool).</param>
public sealed record Decision(bool Allowed, string Reason, string? OverrideId, bool Held, decimal? Remaining = null);
