namespace AiBudgetBot.Core.Leases;

/// <summary>
/// Budget pre-debited to one instance for one pool-period, as the ledger row records it. The
/// holder decides authorizes in memory against it; the row counts <see cref="Amount"/> as
/// committed, so no other instance can hand out the same money.
/// </summary>
/// <param name="Instance">The holding process (a fresh id per process: a restarted process never inherits a lease).</param>
/// <param name="Epoch">Issued once from <see cref="LeaseBook.LastEpoch"/>; a holder's write naming another epoch is refused.</param>
/// <param name="Amount">Money of this lease not yet turned into holds: the unused part plus decisions not yet flushed.</param>
/// <param name="ExpiresAt">Renewed by every write of the holder (its clock); past it plus the margin, any writer writes the lease off.</param>
/// <param name="FlushedThrough">The holder's last decision number recorded as a hold; flushing again is a no-op.</param>
/// <param name="Recalled">The row wants this money back (near the limit, or a denial it caused): no top-ups, the holder returns it.</param>
public sealed record Lease(string Instance, long Epoch, decimal Amount, DateTimeOffset ExpiresAt, long FlushedThrough, bool Recalled)
{
    public LeaseRef Ref => new(Instance, Epoch);
}

/// <summary>Which lease a decision was made under (kept on its hold, so its settlement can give the difference back).</summary>
public readonly record struct LeaseRef(string Instance, long Epoch);

/// <summary>A usage event counted while no hold matched its request id: a lease decision whose flush may still be on its way.</summary>
public sealed record UnmatchedSettlement(string RequestId, decimal Actual);
