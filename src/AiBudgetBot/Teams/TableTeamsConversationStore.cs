using AiBudgetBot.Storage;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Teams;

/// <summary>Conversation references in table <see cref="Tables.Conversations"/>.</summary>
public sealed class TableTeamsConversationStore(Tables tables) : ITeamsConversationStore
{
    public async Task SaveAsync(TeamsConversationReference reference, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Conversations, cancellationToken);
        // Unconditional on purpose: a re-install replaces the old reference whole (new serviceUrl,
        // new installer); there is no read-modify-write that an ETag would protect.
        await table.UpsertEntityAsync(TeamsConversationEntity.FromDomain(reference), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<TeamsConversationReference?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Conversations, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TeamsConversationEntity>(TeamsConversationEntity.Partition, TeamsConversationEntity.KeyOf(conversationId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToDomain() : null;
    }

    public async Task<IReadOnlyList<TeamsConversationReference>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Conversations, cancellationToken);
        var result = new List<TeamsConversationReference>();
        await foreach (var row in table.QueryAsync<TeamsConversationEntity>(e => e.PartitionKey == TeamsConversationEntity.Partition, cancellationToken: cancellationToken))
        {
            result.Add(row.ToDomain());
        }

        return result;
    }

    public async Task RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Conversations, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(TeamsConversationEntity.Partition, TeamsConversationEntity.KeyOf(conversationId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: removal is idempotent.
        }
    }
}
