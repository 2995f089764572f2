namespace AiBudgetBot.Core.Conversation;

/// <summary>
/// Who should see an answer where the channel can choose (a Slack slash command can answer
/// only the asker or the whole channel). Channels that cannot choose ignore it.
/// </summary>
public enum MessageVisibility
{
    /// <summary>The channel decides: private for answers about one person's question, shared for cards others must act on.</summary>
    Auto,

    /// <summary>Only the person who asked (status, help, errors).</summary>
    Private,

    /// <summary>Everyone in the conversation.</summary>
    Shared,
}
