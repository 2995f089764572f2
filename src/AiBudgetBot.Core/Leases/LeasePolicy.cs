namespace AiBudgetBot.Core.Leases;

/// <summary>
/// How big leases are, how long they live and when they stop. Sizing follows Doorman's and
/// the escrow method's practice: enough for a couple of renewal periods of this instance's
/// demand, never more than a share of what is left, nothing near the limit.
/// </summary>
/// <param name="Ttl">A lease not renewed for this long is presumed dead.</param>
/// <param name="RenewEvery">How often a holder renews (and flushes its decisions into holds).</param>
/// <param name="WriteOffMargin">Added to <see cref="Ttl"/> before another writer writes a lease off (clock offsets).</param>
/// <param name="Coverage">k: a lease covers this many renewal periods of recent demand.</param>
/// <param name="HeadroomShare">α: all leases together take at most this share of the room under the soft limit.</param>
/// <param name="MaxLeaseFraction">One lease is at most this fraction of the soft limit (the most a crash can strand).</param>
/// <param name="FloorFraction">Below this fraction of the soft limit left, no lease is granted: the last money is decided per call.</param>
/// <param name="FloorEstimates">…nor below this many times the largest estimate seen.</param>
/// <param name="MinEstimates">A lease covers at least this many of the largest estimate seen (so it serves more than one call).</param>
/// <param name="LowWatermark">A holder tops up early when less than this fraction of its lease is left.</param>
/// <param name="IdleRenewals">A holder that saw no demand for this many renewals returns its lease.</param>
/// <param name="MaxPending">Decisions a holder keeps unflushed at most (they become holds in the ledger row, which has a size cap).</param>
/// <param name="FlushAt">Unflushed decisions at which a holder writes before its renewal is due: at high rates it flushes in batches of this size, so it neither reaches <paramref name="MaxPending"/> nor lets usage events outrun their decisions.</param>
public sealed record LeasePolicy(
    TimeSpan Ttl,
    TimeSpan RenewEvery,
    TimeSpan WriteOffMargin,
    decimal Coverage,
    decimal HeadroomShare,
    decimal MaxLeaseFraction,
    decimal FloorFraction,
    int FloorEstimates,
    int MinEstimates,
    decimal LowWatermark,
    int IdleRenewals,
    int MaxPending,
    int FlushAt)
{
    public static readonly LeasePolicy Default = new(
        Ttl: TimeSpan.FromSeconds(30),
        RenewEvery: TimeSpan.FromSeconds(2),
        WriteOffMargin: TimeSpan.FromSeconds(10),
        Coverage: 2m,
        HeadroomShare: 0.5m,
        MaxLeaseFraction: 0.05m,
        FloorFraction: 0.02m,
        FloorEstimates: 4,
        MinEstimates: 4,
        LowWatermark: 0.25m,
        IdleRenewals: 3,
        MaxPending: 2000,
        FlushAt: 250);

    /// <summary>The largest lease under <paramref name="softLimit"/>: also what one crashed holder can strand at most.</summary>
    public decimal MaxLease(decimal softLimit) => Micros(MaxLeaseFraction * softLimit);

    /// <summary>Room under the soft limit below which no lease is granted.</summary>
    public decimal Floor(decimal softLimit, decimal largestEstimate) => Math.Max(FloorFraction * softLimit, FloorEstimates * largestEstimate);

    /// <summary>
    /// The unused amount a holder asks for: <see cref="Coverage"/> renewal periods of its demand,
    /// at least <see cref="MinEstimates"/> calls, at most <see cref="MaxLease"/>; 0 without demand.
    /// </summary>
    public decimal Want(decimal demandPerSecond, decimal largestEstimate, decimal softLimit)
    {
        if (demandPerSecond <= 0m)
        {
            return 0m;
        }

        var wanted = Math.Max(Coverage * demandPerSecond * (decimal)RenewEvery.TotalSeconds, MinEstimates * largestEstimate);
        return Math.Min(Micros(wanted), MaxLease(softLimit));
    }

    /// <summary>Rounds down to the unit of account (micro-units), so a share never rounds up past its bound.</summary>
    public static decimal Micros(decimal amount) => decimal.Round(amount, 6, MidpointRounding.ToZero);
}
