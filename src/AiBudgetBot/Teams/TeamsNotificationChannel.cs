using AiBudgetBot.Charts;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Teams;

/// <summary>
/// Posts notifications into the team's Teams conversation. A channel gets a new thread
/// (create conversation, as the SDK's TeamsInfo does); a chat gets a plain send. Organization-wide
/// notifications (team null) go to the finance conversation of <c>Digests:FinanceTeams*</c>.
/// </summary>
public sealed class TeamsNotificationChannel(ConnectorClient connector, IOptions<TeamsOptions> options, IConfiguration configuration, ChartLinks? chartLinks = null) : INotificationChannel
{
    public string Name => "teams";

    public async Task<DeliveryResult> DeliverAsync(OutboundNotification notification, Team? team, CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled || Target(team) is not { } target)
        {
            return DeliveryResult.NotApplicable;
        }

        // Teams mobile does not draw chart elements: their fallback is the chart's picture behind a signed link.
        var activity = TeamsMessages.Card(notification.Message, options: new CardRenderOptions { ChartImage = chartLinks is null ? null : chartLinks.LinkFor });
        var result = IsChannel(target.ConversationId)
            ? await connector.CreateConversationAsync(target.ServiceUrl, ConversationParameters.InChannel(ChannelOf(target.ConversationId), target.TenantId, activity), cancellationToken)
            : await connector.SendAsync(target.ServiceUrl, target.ConversationId, activity, cancellationToken);
        return result.Status switch
        {
            ConnectorStatus.Ok => DeliveryResult.Delivered,
            ConnectorStatus.Transient => DeliveryResult.Retry(result.Detail ?? "Bot Connector unavailable", result.RetryAfter),
            ConnectorStatus.Blocked => DeliveryResult.Failed(result.Detail ?? "MessageWritesBlocked"),
            _ => DeliveryResult.Failed(result.Detail ?? "refused by the Bot Connector"),
        };
    }

    /// <summary>Channel ids end in @thread.tacv2 (or the older @thread.skype); group chats are @thread.v2, 1:1 chats a:….</summary>
    internal static bool IsChannel(string conversationId)
    {
        var id = ChannelOf(conversationId);
        return id.EndsWith("@thread.tacv2", StringComparison.OrdinalIgnoreCase) || id.EndsWith("@thread.skype", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A thread's conversation id is the channel id plus ";messageid=…"; a new post goes to the channel.</summary>
    private static string ChannelOf(string conversationId)
    {
        var separator = conversationId.IndexOf(';', StringComparison.Ordinal);
        return separator < 0 ? conversationId : conversationId[..separator];
    }

    private TeamsChannel? Target(Team? team)
    {
        if (team is not null)
        {
            return team.Channels.Teams;
        }

        var serviceUrl = configuration["Digests:FinanceTeamsServiceUrl"];
        var conversationId = configuration["Digests:FinanceTeamsConversationId"];
        return string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(conversationId) ? null : new TeamsChannel(serviceUrl, conversationId, null);
    }
}
