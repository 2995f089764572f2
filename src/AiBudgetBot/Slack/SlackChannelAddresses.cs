using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>A Slack channel id is all <c>chat.postMessage</c> needs.</summary>
public sealed class SlackChannelAddresses : IChannelAddresses
{
    public string Platform => ChatChannels.SlackPlatform;

    public Task<TeamChannels?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult<TeamChannels?>(new TeamChannels(null, new SlackChannel(conversationId)));
}
