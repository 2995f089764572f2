using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>How a Slack user and conversation become the channel-neutral <see cref="ChatSender"/>.</summary>
internal static class SlackSenders
{
    public const string Platform = "slack";

    /// <summary>Slack's DM channel ids start with D; "directmessage" is what slash commands name them.</summary>
    public static ChatSender From(string userId, string? userName, string channelId, string? channelName = null) =>
        new(Platform, userId, string.IsNullOrEmpty(userName) ? null : userName, channelId,
            IsPersonal: channelId.StartsWith('D') || channelName == "directmessage");
}
