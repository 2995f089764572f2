namespace AiBudgetBot.Core.Leases;

/// <summary>An authorize decided in memory under a lease, numbered so its flush into a hold happens once.</summary>
public sealed record LeasedDecision(long Seq, string RequestId, decimal Amount);

/// <summary>
/// What a holder asks of the ledger row in one conditioned write: record these decisions as
/// holds, then make my lease <see cref="Want"/> (plus what is still unflushed). Stating the
/// target rather than a delta makes a retry after a lost reply or a 412 safe to stage again.
/// </summary>
/// <param name="Epoch">The lease the holder believes it has; null when it has none (a grant, or adopting one whose reply was lost).</param>
/// <param name="SeqBase">The holder's last decision number when it had no lease: a new lease starts flushed through it.</param>
/// <param name="Want">The unused amount the holder would like; 0 returns the lease.</param>
/// <param name="LargestEstimate">The largest estimate the holder has seen (sizes the floor).</param>
public sealed record LeaseRequest(string Instance, long? Epoch, long SeqBase, IReadOnlyList<LeasedDecision> Flush, decimal Want, decimal LargestEstimate)
{
    public bool Returns => Want == 0m;
}

/// <summary>What the row answered a <see cref="LeaseRequest"/>.</summary>
public enum LeaseStatus
{
    /// <summary>The lease stands, with <see cref="LeaseGrant.Amount"/>.</summary>
    Granted,

    /// <summary>Returned: every decision flushed, the rest back to headroom, no lease any more.</summary>
    Returned,

    /// <summary>No lease was made: too little room left; decide per call.</summary>
    Refused,

    /// <summary>The named lease is gone (written off): what it decided is counted in the written-off money.</summary>
    Lost,
}

/// <param name="Amount">The lease's amount as now written (includes decisions the holder made after sending).</param>
/// <param name="Outside">Everything else committed in the row (spent, held, other leases, written off): for the remaining figure.</param>
/// <param name="Share">The most this lease may be now (its share of the room, at most a maximum lease): the holder asks no more next time.</param>
public sealed record LeaseGrant(LeaseStatus Status, long Epoch, decimal Amount, long FlushedThrough, bool Recalled, decimal Outside, Limits.EffectiveLimits Limits, decimal Share)
{
    public static LeaseGrant Refused(decimal outside, Limits.EffectiveLimits limits) => new(LeaseStatus.Refused, 0, 0m, 0, true, outside, limits, 0m);

    public static LeaseGrant Lost(decimal outside, Limits.EffectiveLimits limits) => new(LeaseStatus.Lost, 0, 0m, 0, true, outside, limits, 0m);
}
