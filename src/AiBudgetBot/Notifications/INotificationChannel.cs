using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Notifications;

/// <summary>
/// One way a notification leaves the bot (signed webhook, Teams, Slack). The outbox
/// dispatcher calls every registered channel and deletes the outbox row only when each
/// channel that applies has accepted it.
/// </summary>
public interface INotificationChannel
{
    /// <summary>Short stable name, stored with delivery progress ("webhook", "teams", "slack").</summary>
    string Name { get; }

    /// <summary>Delivers <paramref name="notification"/> for <paramref name="team"/> (null for organization-wide ones such as digests).</summary>
    Task<DeliveryResult> DeliverAsync(OutboundNotification notification, Team? team, CancellationToken cancellationToken);
}

/// <summary>What a channel did with a notification.</summary>
public sealed record DeliveryResult(DeliveryStatus Status, TimeSpan? RetryAfter = null, string? Detail = null)
{
    public static readonly DeliveryResult Delivered = new(DeliveryStatus.Delivered);

    /// <summary>This channel does not apply (not configured, team has no channel there): nothing to retry.</summary>
    public static readonly DeliveryResult NotApplicable = new(DeliveryStatus.NotApplicable);

    public static DeliveryResult Retry(string detail, TimeSpan? after = null) => new(DeliveryStatus.Retry, after, detail);

    public static DeliveryResult Failed(string detail) => new(DeliveryStatus.Failed, null, detail);
}

public enum DeliveryStatus
{
    Delivered,
    NotApplicable,

    /// <summary>Transient (429, 5xx, timeout): try again later, after RetryAfter when given.</summary>
    Retry,

    /// <summary>Permanent (403 blocked, channel gone): stop trying this channel, log why.</summary>
    Failed,
}
