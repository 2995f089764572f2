using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AiBudgetBot.Telemetry;

/// <summary>
/// The bot's own instruments, on one meter (<see cref="MeterName"/>). Names follow Prometheus
/// (<c>aibudget_</c> prefix, snake case, base units); the exporter adds <c>_total</c> to counters
/// and the unit to the histogram. Labels are low-cardinality by design: outcomes, reasons, channel
/// and job names, never a team, person or event id.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "AiBudgetBot";

    // Authorize sits in front of every model call: its buckets resolve the milliseconds that matter.
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _events;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _authorizeDuration;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _jobRuns;
    private readonly Counter<long> _leaseRenewals;
    private readonly Counter<long> _writeOffs;
    private readonly Counter<long> _leaseMisses;
    private readonly Counter<double> _writtenOff;

    public BotMetrics(IMeterFactory meters, OutboxBacklog backlog)
    {
        Outbox = backlog;
        var meter = meters.Create(MeterName);
        _events = meter.CreateCounter<long>("aibudget_usage_events", "{event}", "Usage events by outcome: accepted (counted), duplicate (already counted), rejected (not counted, 4xx detail given).");
        _decisions = meter.CreateCounter<long>("aibudget_authorize_decisions", "{decision}", "Authorize decisions by decision (allow, deny), reason and path: lease (decided in memory from this instance's budget lease), ledger (a conditioned write or the writer's copy of the ledger row), directory (answered before the ledger: unknown team, not onboarded, paused).");
        _authorizeDuration = meter.CreateHistogram("aibudget_authorize_duration", "s", "Time to answer an authorize request.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _commits = meter.CreateCounter<long>("aibudget_ledger_commits", "{transaction}", "Ledger transactions committed to the store.");
        _conflicts = meter.CreateCounter<long>("aibudget_ledger_conflicts", "{conflict}", "Ledger writes that met a changed ETag (another instance wrote first) and were re-read and retried.");
        _deliveryFailures = meter.CreateCounter<long>("aibudget_notification_delivery_failures", "{delivery}", "Notification deliveries that did not succeed, by channel and outcome (retry: transient, failed: given up).");
        _jobRuns = meter.CreateCounter<long>("aibudget_job_runs", "{run}", "Scheduled job runs by job and outcome (succeeded, failed, skipped: the slot already ran).");
        _leaseRenewals = meter.CreateCounter<long>("aibudget_lease_renewals", "{renewal}", "Budget lease writes by this instance, by the ledger row's answer (granted, returned, refused, lost).");
        _leaseMisses = meter.CreateCounter<long>("aibudget_lease_misses", "{decision}", "Authorizes this instance's lease could not decide, by why (no-lease, recalled, expired, short, unflushed): each was decided against the ledger row instead.");
        _writeOffs = meter.CreateCounter<long>("aibudget_lease_write_offs", "{lease}", "Leases of instances that stopped renewing, written off by this instance's writes.");
        _writtenOff = meter.CreateCounter<double>("aibudget_lease_written_off", "{currency}", "Money of the leases written off by this instance's writes: counted as spent against the limit, never returned (stranded).");
        meter.CreateObservableGauge("aibudget_outbox_backlog", backlog.Total, "{notification}", "Notifications waiting in the outbox, as of each partition's latest delivery pass (no extra reads per scrape).");
    }

    /// <summary>What the outbox dispatcher saw waiting, per partition; read by the backlog gauge.</summary>
    public OutboxBacklog Outbox { get; }

    public void UsageEvents(string outcome, int count)
    {
        if (count > 0)
        {
            _events.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void AuthorizeDecided(string decision, string reason, string path, TimeSpan duration)
    {
        _decisions.Add(1, new("decision", decision), new("reason", reason), new("path", path));
        _authorizeDuration.Record(duration.TotalSeconds, new("decision", decision), new("path", path));
    }

    public void LedgerCommitted() => _commits.Add(1);

    public void LedgerConflict() => _conflicts.Add(1);

    public void DeliveryFailed(string channel, string outcome) =>
        _deliveryFailures.Add(1, new("channel", channel), new("outcome", outcome));

    public void LeaseRenewed(string status) => _leaseRenewals.Add(1, new KeyValuePair<string, object?>("status", status));

    public void LeaseMissed(string reason) => _leaseMisses.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LeasesWrittenOff(int leases, decimal money)
    {
        if (leases > 0)
        {
            _writeOffs.Add(leases);
            _writtenOff.Add((double)money);
        }
    }

    public void JobRan(string job, string outcome) => _jobRuns.Add(1, new("job", job), new("outcome", outcome));

    /// <summary>Seconds since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>), for latency.</summary>
    public static TimeSpan Since(long started) => Stopwatch.GetElapsedTime(started);
}
