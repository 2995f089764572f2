using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>How a Slack user and conversation become the channel-neutral <see cref="ChatSender"/>.</summary>
internal static class SlackSenders
{
    public const string Platform = "slack";

    /// <summary>Slack's DM channel ids start with D; "directmessage" is what slash commands name them.</summary>
    /// <param name="workspace">The <c>team_id</c> the request came from, when it names one.</param>
    public static ChatSender From(string userId, string? userName, string channelId, string? channelName = null, string? workspace = null) =>
        new(Platform, userId, string.IsNullOrEmpty(userName) ? null : userName, channelId,
            IsPersonal: channelId.StartsWith('D') || channelName == "directmessage")
        {
            Tenant = string.IsNullOrEmpty(workspace) ? null : workspace,
        };
}
