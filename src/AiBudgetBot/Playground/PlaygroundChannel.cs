using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;

namespace AiBudgetBot.Playground;

/// <summary>
/// The playground as a notification channel of its own: the outbox delivers every alert, request,
/// decision and digest here too, so the page shows what Teams and Slack would have received.
/// </summary>
public sealed class PlaygroundChannel(PlaygroundFeed feed) : INotificationChannel
{
    public string Name => "playground";

    public Task<DeliveryResult> DeliverAsync(OutboundNotification notification, Team? team, CancellationToken cancellationToken)
    {
        feed.Add(notification, team?.Name);
        return Task.FromResult(DeliveryResult.Delivered);
    }
}
