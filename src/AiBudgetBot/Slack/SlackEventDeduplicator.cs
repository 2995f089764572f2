using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Slack;

/// <summary>
/// Slack redelivers an event it thinks we missed (<c>X-Slack-Retry-Num</c>), possibly to another
/// instance. Each event id is claimed once: in memory (cheap, this instance) and then with an
/// insert-only row in Table Storage, where a 409 means another instance already has it.
/// </summary>
public sealed class SlackEventDeduplicator(Tables tables, TimeProvider timeProvider, ILogger<SlackEventDeduplicator> logger)
{
    public const string PartitionKey = "slack-event";
    private const int MemoryLimit = 10_000;
    private static readonly TimeSpan MemoryTtl = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>False when this instance already saw the event.</summary>
    public bool TryClaimLocally(string eventId)
    {
        var now = timeProvider.GetUtcNow();
        if (_seen.Count > MemoryLimit)
        {
            foreach (var old in _seen.Where(kv => now - kv.Value > MemoryTtl).Select(kv => kv.Key).ToList())
            {
                _seen.TryRemove(old, out _);
            }
        }

        return _seen.TryAdd(eventId, now);
    }

    /// <summary>False when any instance already recorded the event.</summary>
    public async Task<bool> TryClaimAsync(string eventId, CancellationToken cancellationToken)
    {
        try
        {
            var table = await tables.GetAsync(Tables.Markers, cancellationToken);
            var row = new TableEntity(PartitionKey, RowKey(eventId)) { ["ReceivedAt"] = timeProvider.GetUtcNow() };
            await table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        catch (RequestFailedException e)
        {
            // The store is unwell: answering a possible duplicate beats never answering.
            logger.LogWarning(e, "Could not record Slack event {EventId}; handling it anyway", eventId);
            return true;
        }
    }

    /// <summary>Forgets this instance's claim (the work was never queued).</summary>
    public void ReleaseLocally(string eventId) => _seen.TryRemove(eventId, out _);

    /// <summary>
    /// Gives a claim back after the handler failed, so Slack's retry of the event is handled rather
    /// than dropped as a duplicate. Best effort: if the store does not answer, the retry is lost as before.
    /// </summary>
    public async Task ReleaseAsync(string eventId, CancellationToken cancellationToken)
    {
        ReleaseLocally(eventId);
        try
        {
            var table = await tables.GetAsync(Tables.Markers, cancellationToken);
            await table.DeleteEntityAsync(PartitionKey, RowKey(eventId), Azure.ETag.All, cancellationToken);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e) || e is RequestFailedException)
        {
            logger.LogWarning(e, "Could not release Slack event {EventId}; Slack's retry of it will be ignored", eventId);
        }
    }

    /// <summary>Row keys may not hold / \ # ? or control characters; event ids never should, but a forged-looking one must not break the insert.</summary>
    internal static string RowKey(string eventId) =>
        string.Concat(eventId.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c));
}
