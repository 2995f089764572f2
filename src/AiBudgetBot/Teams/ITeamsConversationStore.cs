namespace AiBudgetBot.Teams;

/// <summary>The conversations the bot was installed into, for proactive posts and channel binding.</summary>
public interface ITeamsConversationStore
{
    /// <summary>Records (or refreshes: the serviceUrl can move) an installation.</summary>
    Task SaveAsync(TeamsConversationReference reference, CancellationToken cancellationToken);

    Task<TeamsConversationReference?> FindAsync(string conversationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TeamsConversationReference>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Forgets an installation (the bot was removed); no error when unknown.</summary>
    Task RemoveAsync(string conversationId, CancellationToken cancellationToken);
}
