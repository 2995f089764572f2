using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Playground;

/// <summary>
/// The notifications the outbox delivered to the playground, newest last, each with a sequence
/// number so the page asks only for what it has not drawn yet. Memory only: it is a window on
/// what the bot sends, not a record (the audit trail and the outbox are).
/// </summary>
public sealed class PlaygroundFeed(int capacity, TimeProvider time)
{
    private readonly Queue<FeedEntry> _entries = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sequence;

    /// <summary>Adds a notification once: a redelivery after a lost acknowledgement is not shown twice.</summary>
    public void Add(OutboundNotification notification, string? teamName)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            if (!_seen.Add(notification.Id))
            {
                return;
            }

            _entries.Enqueue(new FeedEntry(++_sequence, time.GetUtcNow(), notification, teamName));
            while (_entries.Count > capacity)
            {
                _seen.Remove(_entries.Dequeue().Notification.Id);
            }
        }
    }

    public IReadOnlyList<FeedEntry> After(long sequence)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => e.Sequence > sequence)];
        }
    }
}

/// <summary>One delivered notification as the feed keeps it.</summary>
public sealed record FeedEntry(long Sequence, DateTimeOffset At, OutboundNotification Notification, string? TeamName);
