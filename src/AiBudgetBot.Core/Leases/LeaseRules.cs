using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Leases;

/// <summary>
/// The durable half of the lease protocol: what one ETag-conditioned write of the ledger row
/// does to leases. Every rule runs on the state the writer is about to commit, so a grant is
/// measured against spend, holds and every other lease exactly as they are written.
/// </summary>
/// <remarks>
/// Safety needs no clock: a holder only decides inside money already debited here, a grant is
/// written only while everything committed stays under the soft limit, and a lease presumed
/// dead is written off (counted spent, never returned) rather than freed. Clocks only decide
/// how long money stays stranded.
/// </remarks>
public static class LeaseRules
{
    /// <summary>Writes off every lease whose holder has not renewed within its TTL plus the margin (I3).</summary>
    /// <returns>How many were written off.</returns>
    public static int WriteOffExpired(LeaseBook book, DateTimeOffset now, LeasePolicy policy)
    {
        var dead = book.Leases.Values.Where(l => l.ExpiresAt + policy.WriteOffMargin <= now).ToList();
        dead.ForEach(book.WriteOff);
        return dead.Count;
    }

    /// <summary>
    /// Applies a holder's renewal: flushes its decisions into holds, then grows its lease toward
    /// what it wants (within its share of the room under the soft limit) or shrinks it.
    /// </summary>
    /// <param name="holdFor">How long a flushed decision's hold lasts without its usage event.</param>
    public static LeaseGrant Apply(LedgerState ledger, LeaseBook book, LeaseRequest request, EffectiveLimits limits, LeasePolicy policy, DateTimeOffset now, TimeSpan holdFor)
    {
        ledger.ExpireReservations(now);
        WriteOffExpired(book, now, policy);
        book.Leases.TryGetValue(request.Instance, out var existing);
        if (request.Epoch is { } epoch && (existing is null || existing.Epoch != epoch))
        {
            // Written off (or returned by a write whose reply was lost): its decisions are covered there.
            return LeaseGrant.Lost(Commitments.Of(ledger, book).Committed, limits);
        }

        if (request.Epoch is null && request.Flush.Count > 0)
        {
            throw new ArgumentException("A holder without a lease has no decisions to flush.", nameof(request));
        }

        // A holder without an epoch finding a lease of its instance: its own grant whose reply was
        // lost (instance ids are per process). It decided nothing under it, so adopting is safe.
        var lease = existing ?? new Lease(request.Instance, 0, 0m, now + policy.Ttl, request.SeqBase, false);
        var (amount, through, keep) = Flush(ledger, book, lease, request.Flush, now, holdFor);

        var others = ledger.Spent + ledger.Reserved + book.Committed - (existing?.Amount ?? 0m);
        var active = book.Leases.Count + (existing is null ? 1 : 0);
        var recalled = lease.Recalled || limits.Soft - others - amount < policy.Floor(limits.Soft, request.LargestEstimate);
        var target = request.Want + keep;
        // This lease's share: α of the room the others leave, split over the active leases. A lease
        // above it (sized when fewer instances were active) is not cut here — its holder may be
        // deciding against it — but its holder asks no more than the share from the next renewal
        // on, so together leases settle under α of the room.
        var share = Math.Max(0m, Math.Min(policy.MaxLease(limits.Soft), LeasePolicy.Micros(policy.HeadroomShare * (limits.Soft - others) / active)));
        decimal granted;
        if (target <= amount)
        {
            // Shrinking is the holder's own choice: it lowered its cap to flush + want before sending.
            granted = target;
        }
        else if (recalled)
        {
            granted = amount;
        }
        else
        {
            granted = Math.Max(amount, Math.Min(target, share));
        }

        if (existing is null)
        {
            if (granted <= 0m)
            {
                return LeaseGrant.Refused(others, limits);
            }

            lease = lease with { Epoch = ++book.LastEpoch };
        }

        if (request.Returns && keep == 0m && granted == 0m)
        {
            book.Leases.Remove(request.Instance);
            return new LeaseGrant(LeaseStatus.Returned, lease.Epoch, 0m, through, true, others, limits, share);
        }

        lease = lease with { Amount = granted, FlushedThrough = through, ExpiresAt = now + policy.Ttl, Recalled = recalled };
        book.Leases[request.Instance] = lease;
        return new LeaseGrant(LeaseStatus.Granted, lease.Epoch, granted, through, recalled, others, limits, recalled ? 0m : share);
    }

    /// <summary>
    /// Settles a call's hold with its usage event (after <see cref="LedgerState.Count"/>). A hold
    /// decided under a lease that is still live gives the estimate's unused part back to that
    /// lease; an event with no hold is remembered briefly in case its lease decision is still
    /// being flushed.
    /// </summary>
    /// <returns>Whether a hold was settled.</returns>
    public static bool Settle(LedgerState ledger, LeaseBook book, string requestId, decimal actual, EffectiveLimits limits, LeasePolicy policy)
    {
        if (!ledger.Reservations.TryGetValue(requestId, out var held))
        {
            if (book.Leases.Count > 0)
            {
                book.RememberUnmatched(requestId, actual);
            }

            return false;
        }

        ledger.Settle(requestId);
        if (held.Lease is { } tag && book.Leases.TryGetValue(tag.Instance, out var lease) && lease.Epoch == tag.Epoch && !lease.Recalled)
        {
            // Settled below the estimate: the difference goes back to the lease (never past its cap).
            var back = Math.Min(Math.Max(held.Amount - actual, 0m), policy.MaxLease(limits.Soft) - lease.Amount);
            if (back > 0m)
            {
                book.Leases[tag.Instance] = lease with { Amount = lease.Amount + back };
            }
        }

        return true;
    }

    /// <summary>
    /// Today's exact per-call decision, with leases counted as committed. A denial that only
    /// live leases explain recalls them, so it lasts one renewal rather than until they expire.
    /// </summary>
    public static PerCallDecision Reserve(LedgerState ledger, LeaseBook book, EffectiveLimits limits, string requestId, decimal amount, string? workflow, DateTimeOffset now, TimeSpan holdFor, LeasePolicy policy)
    {
        var changed = WriteOffExpired(book, now, policy) > 0;
        var decision = Authorizer.Reserve(ledger, limits, requestId, amount, workflow, now, holdFor, book.Committed);
        if (decision.Allowed || decision.Reason != DecisionReasons.HardLimitReached || book.Leases.Count == 0)
        {
            return new PerCallDecision(decision, changed || decision.Held);
        }

        var withoutLeases = ledger.Spent + ledger.Reserved + book.WrittenOff + amount;
        if (withoutLeases <= limits.Hard + ledger.OverrideHeadroom(workflow, now))
        {
            foreach (var lease in book.Leases.Values.Where(l => !l.Recalled).ToList())
            {
                book.Leases[lease.Instance] = lease with { Recalled = true };
                changed = true;
            }
        }

        return new PerCallDecision(decision, changed);
    }

    /// <summary>The most a write may commit: the hard limit plus the headroom of overrides in force.</summary>
    public static decimal Ceiling(LedgerState ledger, EffectiveLimits limits, DateTimeOffset now) =>
        limits.Hard + ledger.Overrides.Values.Where(o => now < o.ExpiresAt).Sum(o => o.Amount);

    private static (decimal Amount, long Through, decimal Keep) Flush(LedgerState ledger, LeaseBook book, Lease lease, IReadOnlyList<LeasedDecision> decisions, DateTimeOffset now, TimeSpan holdFor)
    {
        var amount = lease.Amount;
        var through = lease.FlushedThrough;
        var keep = 0m;
        foreach (var decision in decisions.OrderBy(d => d.Seq))
        {
            if (decision.Seq <= through)
            {
                continue;
            }

            // In order only, and never past the row's room for holds: what is left stays in the lease (still counted) for later.
            if (keep > 0m || decision.Seq != through + 1 || !HoldCapacity.HasRoom(ledger, HoldCapacity.Chars(decision.RequestId, null, DecisionReasons.WithinBudget, leased: true)))
            {
                keep += decision.Amount;
                continue;
            }

            if (decision.Amount > amount)
            {
                throw new InvalidOperationException($"Lease {lease.Instance}#{lease.Epoch} flushed {decision.Amount} with only {amount} left: a holder decided outside its lease.");
            }

            if (book.TakeUnmatched(decision.RequestId) is { } settled)
            {
                // Its usage was counted before this flush: spent has the actual, so only that leaves the lease.
                amount -= Math.Min(settled.Actual, decision.Amount);
            }
            else if (!ledger.Reservations.ContainsKey(decision.RequestId))
            {
                amount -= decision.Amount;
                ledger.Hold(new Reservation(decision.RequestId, decision.Amount, now + holdFor, DecisionReasons.WithinBudget, null, lease.Ref));
            }

            // (A request id already holding money is one call decided twice: its money stays in the lease.)
            through = decision.Seq;
        }

        return (amount, through, keep);
    }
}

/// <param name="ChangesState">Whether the row must be written (a hold, a recall, a write-off).</param>
public sealed record PerCallDecision(Decision Decision, bool ChangesState);
