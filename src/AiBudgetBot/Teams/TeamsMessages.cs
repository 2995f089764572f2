using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Teams;

/// <summary>Builds the outbound activities: a card message, a card update, a plain note.</summary>
public static class TeamsMessages
{
    /// <summary>Preview text (notifications, feed, screen readers); the card carries the content.</summary>
    public const int MaxSummaryLength = 1000;

    public static Activity Card(OutgoingMessage message, Activity? inReplyTo = null, CardRenderOptions? options = null)
    {
        var card = AdaptiveCardRenderer.Render(message, options);
        return Addressed(new Activity
        {
            Type = ActivityTypes.Message,
            Summary = Shorten(string.IsNullOrWhiteSpace(message.Text) ? message.Title : message.Text),
            Attachments = [Attachment.AdaptiveCard(AdaptiveCardRenderer.ToJson(card))],
        }, inReplyTo);
    }

    public static Activity Note(string text, Activity? inReplyTo = null) =>
        Addressed(new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" }, inReplyTo);

    public static ChatSender SenderOf(Activity activity) => new(
        "msteams",
        activity.From?.AadObjectId ?? activity.From?.Id ?? string.Empty,
        activity.From?.Name,
        activity.Conversation?.Id ?? string.Empty,
        activity.Conversation?.IsPersonal ?? false)
    {
        Tenant = activity.ChannelData?.Tenant?.Id ?? activity.Conversation?.TenantId,
        AccountId = activity.From?.Id,
        ServiceUrl = activity.ServiceUrl,
    };

    /// <summary>Swaps from and recipient like the SDKs do, so the connector sees a well-formed reply.</summary>
    private static Activity Addressed(Activity activity, Activity? inReplyTo)
    {
        if (inReplyTo is not null)
        {
            activity.From = inReplyTo.Recipient;
            activity.Recipient = inReplyTo.From;
            activity.Conversation = inReplyTo.Conversation;
            activity.ReplyToId = inReplyTo.Id;
        }

        return activity;
    }

    private static string Shorten(string text) => text.Length <= MaxSummaryLength ? text : string.Concat(text.AsSpan(0, MaxSummaryLength - 1), "…");
}
