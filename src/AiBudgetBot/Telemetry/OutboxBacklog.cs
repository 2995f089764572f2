using System.Collections.Concurrent;

namespace AiBudgetBot.Telemetry;

/// <summary>
/// How many notifications wait in each outbox partition, as the dispatcher last saw it while
/// delivering. The backlog gauge reads this, so a scrape costs no store read: the dispatcher
/// already reads every partition on its sweep and on each commit's signal.
/// </summary>
public sealed class OutboxBacklog
{
    private readonly ConcurrentDictionary<string, long> _waiting = new(StringComparer.Ordinal);

    /// <summary>After a pass over <paramref name="partition"/>: <paramref name="waiting"/> rows are still there.</summary>
    public void Saw(string partition, long waiting) => _waiting[partition] = waiting;

    /// <summary>After a full sweep: partitions no longer swept (a period long past) stop counting.</summary>
    public void KeepOnly(IReadOnlySet<string> swept)
    {
        foreach (var partition in _waiting.Keys)
        {
            if (!swept.Contains(partition))
            {
                _waiting.TryRemove(partition, out _);
            }
        }
    }

    public long Total() => _waiting.Values.Sum();
}
