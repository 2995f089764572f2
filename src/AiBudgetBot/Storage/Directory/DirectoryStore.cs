using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Pricing;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Directory;

/// <summary>
/// Teams, pools, people and prices in Table Storage, served to the hot paths from an
/// in-memory snapshot. The snapshot is reloaded at most every <see cref="MaxAge"/> (so an
/// admin change made on another instance shows within seconds) and at once after a change
/// made here.
/// </summary>
public sealed class DirectoryStore(Tables tables, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;
    private int _version;

    public async ValueTask<BudgetDirectory> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_snapshot is { } known)
        {
            // Stale-while-revalidate: an old snapshot is served while one reload runs in the
            // background, so no request on the hot path waits for four table scans.
            if (time.GetUtcNow() - known.LoadedAt >= MaxAge && _reload.Wait(0, CancellationToken.None))
            {
                _ = ReloadInBackgroundAsync();
            }

            return known.Directory;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            return _snapshot?.Directory ?? await LoadAndKeepAsync(cancellationToken);
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await LoadAndKeepAsync(CancellationToken.None);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            // Keep serving the last snapshot; the next request past MaxAge tries again.
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task<BudgetDirectory> LoadAndKeepAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var version = Volatile.Read(ref _version);
        var directory = await LoadAsync(cancellationToken);
        // A change made here while this load ran must not be overwritten by the older read.
        if (version == Volatile.Read(ref _version))
        {
            _snapshot = new Snapshot(directory, startedAt);
        }

        return directory;
    }

    /// <summary>Forgets the snapshot after a change made here, so the next read sees it.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _snapshot = null;
    }

    public void Dispose() => _reload.Dispose();

    /// <summary>
    /// Changes one team row under its ETag: <paramref name="change"/> gets the team as stored now
    /// (not the cached snapshot, which may be seconds old) and returns the new team, or null to
    /// leave it. If another writer changed the row meanwhile, the change is applied again to theirs,
    /// so a pause on one instance and an onboarding on another cannot overwrite each other.
    /// </summary>
    /// <returns>The team before and after (both the same when nothing was written).</returns>
    public async Task<(Team? Before, Team? After)> UpdateTeamAsync(string teamId, Func<Team?, Team?> change, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Teams, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(DirectoryMapper.TeamPartition, teamId.ToLowerInvariant(), cancellationToken: cancellationToken);
            var stored = row.HasValue ? row.Value : null;
            var before = stored is null ? null : DirectoryMapper.ToTeam(stored);
            if (change(before) is not { } after)
            {
                return (before, before);
            }

            try
            {
                var entity = DirectoryMapper.FromTeam(after);
                if (stored is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                Invalidate();
                return (before, after);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // Someone else wrote the row first: read theirs and apply the change to it.
            }
        }
    }

    public async Task UpsertPoolAsync(Pool pool, CancellationToken cancellationToken) =>
        await UpsertAsync(Tables.Pools, DirectoryMapper.FromPool(pool), cancellationToken);

    public async Task UpsertPersonAsync(Person person, CancellationToken cancellationToken) =>
        await UpsertAsync(Tables.People, DirectoryMapper.FromPerson(person), cancellationToken);

    public async Task UpsertPricesAsync(IReadOnlyList<ModelPrice> prices, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Prices, cancellationToken);
        // One partition per model: each model's history is one atomic transaction.
        foreach (var model in prices.Select(DirectoryMapper.FromPrice).GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in model.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }

        Invalidate();
    }

    private async Task UpsertAsync(string tableName, TableEntity entity, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(tableName, cancellationToken);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        Invalidate();
    }

    private async Task<BudgetDirectory> LoadAsync(CancellationToken cancellationToken)
    {
        var teams = ReadAllAsync(Tables.Teams, DirectoryMapper.ToTeam, cancellationToken);
        var pools = ReadAllAsync(Tables.Pools, DirectoryMapper.ToPool, cancellationToken);
        var people = ReadAllAsync(Tables.People, DirectoryMapper.ToPerson, cancellationToken);
        var prices = ReadAllAsync(Tables.Prices, DirectoryMapper.ToPrice, cancellationToken);
        await Task.WhenAll(teams, pools, people, prices);
        return new BudgetDirectory(await teams, await pools, await people, new PriceCatalog(await prices));
    }

    private async Task<List<T>> ReadAllAsync<T>(string tableName, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(tableName, cancellationToken);
        var result = new List<T>();
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            result.Add(map(entity));
        }

        return result;
    }

    private sealed record Snapshot(BudgetDirectory Directory, DateTimeOffset LoadedAt);
}
