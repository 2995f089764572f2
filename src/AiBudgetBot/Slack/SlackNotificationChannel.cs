using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// Posts outbox notifications to the team's Slack channel, and organization-wide ones (the
/// weekly digest) to finance's channel, <c>Digests:FinanceSlackChannel</c>. Tells the outbox which failures are
/// worth retrying (429, 5xx, network) and which are not (the bot was removed, the token revoked).
/// </summary>
public sealed class SlackNotificationChannel(
    SlackApiClient api,
    BlockKitRenderer renderer,
    IOptions<SlackOptions> options,
    IConfiguration configuration,
    ILogger<SlackNotificationChannel> logger) : INotificationChannel
{
    public string Name => "slack";

    public async Task<DeliveryResult> DeliverAsync(OutboundNotification notification, Team? team, CancellationToken cancellationToken)
    {
        // Read from configuration like Teams' finance channel: the Digests folder sits above this one.
        var target = team is null ? configuration["Digests:FinanceSlackChannel"] : team.Channels.Slack?.ChannelId;
        if (!options.Value.IsEnabled || target is not { Length: > 0 } channel)
        {
            return DeliveryResult.NotApplicable;
        }

        var rendered = renderer.Render(notification.Message);
        try
        {
            var posted = await api.PostMessageAsync(new ChatPostMessage(channel, rendered.Text, rendered.Blocks), cancellationToken);
            await PostDetailsAsync(notification, channel, posted.Ts, cancellationToken);
            return DeliveryResult.Delivered;
        }
        catch (SlackApiException e) when (e.IsTransient)
        {
            return DeliveryResult.Retry(e.Error, e.RetryAfter);
        }
        catch (SlackApiException e)
        {
            logger.LogWarning("Slack refused notification {Id} for team {Team} in {Channel}: {Error}", notification.Id, team?.Id ?? "finance", channel, e.Error);
            return DeliveryResult.Failed(e.Error);
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Retry($"network: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, not our shutdown.
            return DeliveryResult.Retry("timeout");
        }
    }

    /// <summary>
    /// The message's collapsed details as replies in its thread. The message itself is delivered
    /// by then, so a reply that fails is logged rather than retried (a retry would post it twice).
    /// </summary>
    private async Task PostDetailsAsync(OutboundNotification notification, string channel, string? ts, CancellationToken cancellationToken)
    {
        if (ts is null)
        {
            return;
        }

        foreach (var details in renderer.RenderDetails(notification.Message))
        {
            try
            {
                await api.PostMessageAsync(new ChatPostMessage(channel, details.Text, details.Blocks, ThreadTs: ts), cancellationToken);
            }
            catch (Exception e) when (e is SlackApiException or HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("Details of notification {Id} could not be posted in the thread in {Channel}: {Error}", notification.Id, channel, e.Message);
            }
        }
    }
}
