using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Chat;

/// <summary>
/// How a chat platform posts into one of its conversations later, unasked (for <c>link</c>).
/// Chat owns the question and knows no protocol; Teams and Slack each answer for their own
/// conversations.
/// </summary>
public interface IChannelAddresses
{
    /// <summary>The platform this answers for (<see cref="Core.Conversation.ChatChannels"/>).</summary>
    string Platform { get; }

    /// <summary>Where to post into <paramref name="conversationId"/>, or null when the bot cannot post there yet.</summary>
    Task<TeamChannels?> FindAsync(string conversationId, CancellationToken cancellationToken);
}
