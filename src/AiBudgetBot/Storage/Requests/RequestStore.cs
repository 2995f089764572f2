using AiBudgetBot.Core.Requests;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Requests;

/// <summary>
/// Requests in table <see cref="Tables.Requests"/>. Every change after the insert is
/// ETag-conditioned: <see cref="TryReplaceAsync"/> answers false when someone else changed the
/// row first (412), which callers turn into "already approved by Dana", never an error.
/// </summary>
public sealed class RequestStore(Tables tables)
{
    /// <summary>Inserts a new request; false when a request with that id exists already.</summary>
    public async Task<bool> InsertAsync(BudgetRequest request, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Requests, cancellationToken);
        try
        {
            await table.AddEntityAsync(RequestRows.ToEntity(request), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<StoredRequest?> GetAsync(string teamId, string requestId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Requests, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(RequestRows.Partition(teamId), requestId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? new StoredRequest(RequestRows.ToRequest(entity), entity.ETag) : null;
    }

    /// <summary>Writes <paramref name="request"/> if the row is still at <paramref name="etag"/>: the new ETag, or null if someone changed it first.</summary>
    public async Task<ETag?> TryReplaceAsync(BudgetRequest request, ETag etag, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Requests, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(RequestRows.ToEntity(request), etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Requests the expiry job looks at: pending ones, approved overrides (they expire) and approvals not carried out yet.</summary>
    public Task<List<StoredRequest>> OpenAsync(CancellationToken cancellationToken) =>
        QueryAsync("State eq 'pending' or (State eq 'approved' and (Kind eq 'override' or Applied eq false))", cancellationToken);

    /// <summary>Requests created since <paramref name="since"/> and every pending one, across teams (the weekly digest's "this week").</summary>
    public Task<List<StoredRequest>> RecentAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"State eq 'pending' or CreatedAt ge {since}"), cancellationToken);

    /// <summary>All requests of one team (one partition).</summary>
    public Task<List<StoredRequest>> OfTeamAsync(string teamId, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {RequestRows.Partition(teamId)}"), cancellationToken);

    private async Task<List<StoredRequest>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Requests, cancellationToken);
        var found = new List<StoredRequest>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new StoredRequest(RequestRows.ToRequest(entity), entity.ETag));
        }

        return found;
    }
}

/// <summary>A request as read, with the version a conditioned write must match.</summary>
public sealed record StoredRequest(BudgetRequest Request, ETag ETag);
