using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Pricing;
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
    private (BudgetDirectory Directory, DateTimeOffset LoadedAt)? _snapshot;

    public async ValueTask<BudgetDirectory> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_snapshot is { } fresh && time.GetUtcNow() - fresh.LoadedAt < MaxAge)
        {
            return fresh.Directory;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded && time.GetUtcNow() - loaded.LoadedAt < MaxAge)
            {
                return loaded.Directory;
            }

            var directory = await LoadAsync(cancellationToken);
            _snapshot = (directory, time.GetUtcNow());
            return directory;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _reload.Dispose();

    public async Task UpsertTeamAsync(Team team, CancellationToken cancellationToken) =>
        await UpsertAsync(Tables.Teams, DirectoryMapper.FromTeam(team), cancellationToken);

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
}
