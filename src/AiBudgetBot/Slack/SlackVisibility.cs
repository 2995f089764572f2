using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>Maps <see cref="MessageVisibility"/> to a slash command's <c>response_type</c>.</summary>
internal static class SlackVisibility
{
    /// <summary>
    /// Answers are private unless the message says otherwise, as is the custom for slash commands
    /// (nobody wants the channel to see their "budget" lookup); a card with buttons is shared,
    /// because a card only the asker sees cannot gather the decision it asks for.
    /// </summary>
    public static string ResponseType(OutgoingMessage message) => message.Visibility switch
    {
        MessageVisibility.Shared => SlackResponseMessage.InChannel,
        MessageVisibility.Private => SlackResponseMessage.Ephemeral,
        _ => message.Actions.Count > 0 ? SlackResponseMessage.InChannel : SlackResponseMessage.Ephemeral,
    };
}
