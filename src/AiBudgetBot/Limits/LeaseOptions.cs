using AiBudgetBot.Core.Leases;

namespace AiBudgetBot.Limits;

/// <summary>
/// The <c>Limits:Leases</c> section: whether this instance decides authorizes in memory from
/// budget leases, and how long a lease lives without renewal. The safety of leases needs none
/// of these numbers; they trade speed against how much budget a crashed instance can strand.
/// </summary>
public sealed class LeaseOptions
{
    /// <summary>Off: every authorize is one conditioned write of the ledger row, as before leases.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A lease not renewed for this long (plus a margin of a third) is written off by the next write of its row.</summary>
    public int TtlSeconds { get; set; } = 30;

    /// <summary>How often a holder renews: flushes its decisions into holds and tops up.</summary>
    public double RenewEverySeconds { get; set; } = 2;

    /// <summary>The largest lease, in percent of the pool's soft limit: also what one crashed instance strands at most.</summary>
    public decimal MaxLeasePercent { get; set; } = 5m;

    public LeasePolicy Policy() => LeasePolicy.Default with
    {
        Ttl = TimeSpan.FromSeconds(TtlSeconds),
        WriteOffMargin = TimeSpan.FromSeconds(TtlSeconds / 3.0),
        RenewEvery = TimeSpan.FromSeconds(RenewEverySeconds),
        MaxLeaseFraction = MaxLeasePercent / 100m,
    };

    public IEnumerable<string> Problems()
    {
        if (TtlSeconds is < 5 or > 600)
        {
            yield return "Limits:Leases:TtlSeconds must be between 5 and 600.";
        }

        if (RenewEverySeconds <= 0 || RenewEverySeconds * 3 > TtlSeconds)
        {
            yield return "Limits:Leases:RenewEverySeconds must be above 0 and at most a third of TtlSeconds (a holder must renew several times per TTL).";
        }

        if (MaxLeasePercent is <= 0m or > 25m)
        {
            yield return "Limits:Leases:MaxLeasePercent must be above 0 and at most 25.";
        }
    }
}
