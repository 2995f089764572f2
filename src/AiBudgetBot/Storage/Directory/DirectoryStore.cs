using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Pricing;
using Azure;
using Azure.Data.Tables;
using System.Threading.RateLimiting;

namespace AiBudgetBot.Storage.Directory;

/// <summary>
/// Teams, pools, people and prices in Table Storage, served to the hot paths from an
/// in-memory snapshot whose staleness is bounded:
/// <list type="bullet">
/// <item>past <see cref="RefreshAfter"/> the snapshot is still served while one reload runs in the background;</item>
/// <item>past <see cref="MaxAge"/> it is never served: the caller waits for a fresh load, so a pause, an
/// onboarding or a limit change made on another instance binds this one within <see cref="MaxAge"/>;</item>
/// <item>a miss (an id the snapshot does not know) reads through: <see cref="CurrentAsync(Func{BudgetDirectory, bool}, CancellationToken)"/>
/// answers from a load that started after the miss, so a team created on another instance is known to
/// the first request that names it here.</item>
/// </list>
/// Read-throughs are coalesced (one load in flight, one queued that every later miss joins) and paced by
/// a token bucket, so a flood of bogus ids costs the store a few small scans a second, not one per request.
/// </summary>
public sealed class DirectoryStore(Tables tables, TimeProvider time) : IDisposable
{
    /// <summary>Past this age a snapshot is refreshed in the background while it is still served.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(2);

    /// <summary>The bound: a snapshot older than this (from the start of its load) is never used.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>Read-throughs beyond a burst of this many wait for a token; tokens return at this rate per second.</summary>
    public const int ReadThroughBurst = 4;

    public const int ReadThroughsPerSecond = 2;

    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly Lock _gate = new();

    // Pacing is about the store's load in real time, not the organization's business clock, so it
    // runs on the limiter's own clock (a FakeTimeProvider in a test must not stall it).
    private readonly TokenBucketRateLimiter _readThroughs = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = ReadThroughBurst,
        TokensPerPeriod = ReadThroughsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 1,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    private volatile Snapshot? _snapshot;
    private volatile BudgetDirectory? _lastKnown;
    private Task<BudgetDirectory>? _queuedReadThrough;
    private int _version;
    private long _loads;

    /// <summary>
    /// The last directory read, however old: never for a budget decision, only to name the pool whose
    /// outage policy applies when the store cannot be read (null before the first read).
    /// </summary>
    public BudgetDirectory? LastKnown => _lastKnown;

    /// <summary>How many times the directory was read from the store (for tests of the pacing).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>The directory, never older than <see cref="MaxAge"/>.</summary>
    /// <exception cref="StoreUnavailableException">The snapshot is past its bound and the store did not answer.</exception>
    public async ValueTask<BudgetDirectory> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_snapshot is { } known)
        {
            var age = time.GetUtcNow() - known.LoadedAt;
            if (age < MaxAge)
            {
                // Stale-while-revalidate inside the bound: no request on the hot path waits for four table scans.
                if (age >= RefreshAfter && _reload.Wait(0, CancellationToken.None))
                {
                    _ = ReloadInBackgroundAsync();
                }

                return known.Directory;
            }
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have loaded while this one waited.
            return _snapshot is { } fresh && time.GetUtcNow() - fresh.LoadedAt < MaxAge
                ? fresh.Directory
                : await LoadOrFailAsync(cancellationToken);
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>
    /// The directory, read through to the store when <paramref name="knowsAll"/> says the snapshot lacks
    /// something the request names (a team, pool, person or model): the answer then comes from a load
    /// that started after this call, so "unknown" is never said from memory alone.
    /// </summary>
    public async ValueTask<BudgetDirectory> CurrentAsync(Func<BudgetDirectory, bool> knowsAll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(knowsAll);
        var directory = await CurrentAsync(cancellationToken);
        return knowsAll(directory) ? directory : await ReadThroughAsync().WaitAsync(cancellationToken);
    }

    private Task<BudgetDirectory> ReadThroughAsync()
    {
        lock (_gate)
        {
            // A queued load has not started yet, so it will see whatever this miss is looking for: join it.
            return _queuedReadThrough ??= QueuedLoadAsync();
        }
    }

    private async Task<BudgetDirectory> QueuedLoadAsync()
    {
        await Task.Yield();
        try
        {
            await _reload.WaitAsync(CancellationToken.None);
        }
        catch
        {
            lock (_gate)
            {
                _queuedReadThrough = null;
            }

            throw;
        }

        try
        {
            using var lease = await _readThroughs.AcquireAsync(1, CancellationToken.None);
            lock (_gate)
            {
                // From here on the load is under way; a later miss queues the next one.
                _queuedReadThrough = null;
            }

            return await LoadOrFailAsync(CancellationToken.None);
        }
        finally
        {
            lock (_gate)
            {
                // Never leave a finished (e.g. failed) load queued for others to join.
                if (_queuedReadThrough is { IsCompleted: true })
                {
                    _queuedReadThrough = null;
                }
            }

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
            // Keep serving the last snapshot until MaxAge; the next request past RefreshAfter tries again.
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task<BudgetDirectory> LoadOrFailAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await LoadAndKeepAsync(cancellationToken);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The directory could not be read from the store, and the last copy is too old to decide on.", e);
        }
    }

    private async Task<BudgetDirectory> LoadAndKeepAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var version = Volatile.Read(ref _version);
        Interlocked.Increment(ref _loads);
        var directory = await LoadAsync(cancellationToken);
        _lastKnown = directory;
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

    public void Dispose()
    {
        _reload.Dispose();
        _readThroughs.Dispose();
    }

    /// <summary>
    /// Changes one team row under its ETag: <paramref name="change"/> gets the team as stored now
    /// (not the cached snapshot, which may be seconds old) and returns the new team, or null to
    /// leave it. If another writer changed the row meanwhile, the change is applied again to theirs,
    /// so a pause on one instance and an onboarding on another cannot overwrite each other.
    /// </summary>
    /// <returns>The team before and after (both the same when nothing was written).</returns>
    public Task<(Team? Before, Team? After)> UpdateTeamAsync(string teamId, Func<Team?, Team?> change, CancellationToken cancellationToken) =>
        UpdateRowAsync(Tables.Teams, DirectoryMapper.TeamPartition, teamId, DirectoryMapper.ToTeam, DirectoryMapper.FromTeam, change, cancellationToken);

    /// <summary>The team as stored now, not the snapshot: an admin reading a team sees a change made a moment ago on another instance.</summary>
    public async Task<Team?> ReadTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Teams, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(DirectoryMapper.TeamPartition, teamId.ToLowerInvariant(), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } stored ? DirectoryMapper.ToTeam(stored) : null;
    }

    /// <summary>
    /// Changes one pool row under its ETag, like <see cref="UpdateTeamAsync"/>: an approved increase and a
    /// graduation (or an admin's PUT) on two instances at once both land instead of one replacing the other.
    /// </summary>
    public Task<(Pool? Before, Pool? After)> UpdatePoolAsync(string teamId, string poolId, Func<Pool?, Pool?> change, CancellationToken cancellationToken) =>
        UpdateRowAsync(Tables.Pools, teamId.ToLowerInvariant(), poolId, DirectoryMapper.ToPool, DirectoryMapper.FromPool, change, cancellationToken);

    private async Task<(T? Before, T? After)> UpdateRowAsync<T>(
        string tableName, string partition, string id, Func<TableEntity, T> toDomain, Func<T, TableEntity> fromDomain, Func<T?, T?> change, CancellationToken cancellationToken)
        where T : class
    {
        var table = await tables.GetAsync(tableName, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, id.ToLowerInvariant(), cancellationToken: cancellationToken);
            var stored = row.HasValue ? row.Value : null;
            var before = stored is null ? null : toDomain(stored);
            if (change(before) is not { } after)
            {
                return (before, before);
            }

            try
            {
                var entity = fromDomain(after);
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
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 16)
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
