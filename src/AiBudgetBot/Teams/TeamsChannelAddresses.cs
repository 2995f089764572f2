using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Teams;

/// <summary>Proactive posts need the conversation's serviceUrl, which Teams gave us when the app was installed there.</summary>
public sealed class TeamsChannelAddresses(ITeamsConversationStore conversations) : IChannelAddresses
{
    public string Platform => ChatChannels.TeamsPlatform;

    public async Task<TeamChannels?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        await conversations.FindAsync(conversationId, cancellationToken) is { } reference
            ? new TeamChannels(new TeamsChannel(reference.ServiceUrl, conversationId, reference.TenantId), null)
            : null;
}
