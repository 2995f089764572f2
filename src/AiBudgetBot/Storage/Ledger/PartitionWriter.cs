using System.Threading.Channels;
using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Telemetry;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// The one writer of a pool-period partition in this process. It packs waiting operations
/// into entity-group transactions of up to <see cref="MaxOperations"/> rows plus the ledger
/// row, conditioned on the ledger row's ETag, so counting is exact across any number of
/// instances: a stale ETag (another instance wrote) re-reads and retries; an event row that
/// already exists is a duplicate, dropped before the rest is retried.
/// </summary>
/// <remarks>
/// Batching is what makes ingestion fast: Azurite takes ~2,700 entities/s in 100-entity
/// transactions but only 300–650/s as single inserts (ARCHITECTURE.md). While one transaction
/// is in flight the next batch fills up, so load raises batch size instead of round trips.
/// </remarks>
internal sealed class PartitionWriter
{
    /// <summary>Table Storage allows 100 actions per transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>Row-adding operations gathered per batch: room is left for the ledger row and the alerts a batch may raise.</summary>
    public const int MaxOperations = 90;

    /// <summary>Operations of any kind per batch (most add no row: authorizes, overrides).</summary>
    public const int MaxBatch = 1000;

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1000)];

    private readonly Channel<LedgerOperation> _queue = Channel.CreateUnbounded<LedgerOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TableClient _table;
    private readonly string _currency;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly Action<PartitionWriter> _onIdle;
    private readonly Action<string> _onNotifications;
    private readonly BotMetrics _metrics;
    private readonly Lock _gate = new();

    // Operations taken off the channel, by kind. Those that add no row (authorize holds, lease
    // writes, overrides) join the very next transaction however many usage events wait: a caller
    // waits on each of them now, and a usage burst must not starve a lease's flush (its decisions
    // would fall back to per-call writes behind the same burst). Row-adding ones fill the rest of
    // each transaction, in order.
    private readonly Queue<LedgerOperation> _quick = new();
    private readonly Queue<LedgerOperation> _rows = new();

    // Operations that met another on the same row in a batch; they go first in the next one.
    private readonly Queue<LedgerOperation> _deferred = new();
    private bool _closed;

    // The ledger row as last written or read by this process; null means "read it first".
    private LedgerState? _state;
    private ETag _etag;

    // When _state was last read or written. A write proves the copy current (its ETag held), but a
    // deny is given without writing, so a copy that only denies could miss an override another
    // instance granted for as long as traffic keeps this writer alive: past this age it is read again.
    private static readonly TimeSpan TrustCachedStateFor = TimeSpan.FromSeconds(2);
    private long _stateAt;

    /// <param name="onNotifications">Told the partition after a commit that queued notifications, so they go out at once.</param>
    /// <param name="leases">This process's lease holder for the partition, or null when leases are off.</param>
    public PartitionWriter(string partition, TableClient table, string currency, ILogger logger, TimeSpan idleTimeout, Action<PartitionWriter> onIdle, Action<string> onNotifications, BotMetrics metrics, LeaseHolder? leases, TimeProvider time)
    {
        _metrics = metrics;
        Leases = leases is null ? null : new LeaseRenewer(leases, TryEnqueue, time, metrics, logger);
        _onNotifications = onNotifications;
        Partition = partition;
        _table = table;
        _currency = currency;
        _logger = logger;
        _idleTimeout = idleTimeout;
        _onIdle = onIdle;
        _ = Task.Run(RunAsync);
    }

    public string Partition { get; }

    /// <summary>The lease this process holds on the partition (null when leases are off).</summary>
    public LeaseRenewer? Leases { get; }

    /// <summary>Queues <paramref name="operation"/>; false when this writer has retired and a new one must be made.</summary>
    public bool TryEnqueue(LedgerOperation operation)
    {
        lock (_gate)
        {
            return !_closed && _queue.Writer.TryWrite(operation);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await LoopAsync();
        }
        catch (Exception e)
        {
            // Never die silently while still registered: retire, and fail whatever waits here.
            _logger.LogError(e, "Ledger partition {Partition}: writer stopped", Partition);
            lock (_gate)
            {
                _closed = true;
            }

            Leases?.Stop();
            _onIdle(this);
            var stranded = new List<LedgerOperation>([.. _deferred, .. _quick, .. _rows]);
            while (_queue.Reader.TryRead(out var operation))
            {
                stranded.Add(operation);
            }

            FailAll(stranded, new StoreUnavailableException("The ledger writer stopped; nothing was acknowledged. Retry.", e));
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<LedgerOperation>(MaxOperations);
        var deferred = _deferred;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (deferred.Count == 0 && _quick.Count == 0 && _rows.Count == 0 && !await WaitForWorkAsync())
            {
                return;
            }

            while (_queue.Reader.TryRead(out var waiting))
            {
                (waiting.InsertsRow is null ? _quick : _rows).Enqueue(waiting);
            }

            batch.Clear();
            rows.Clear();
            // Holds and overrides live in the ledger row and add no row, so one transaction can
            // decide many authorizes at once; rows bound it (100 actions).
            while (batch.Count < MaxBatch && _quick.TryDequeue(out var quick))
            {
                batch.Add(quick);
            }

            var carried = deferred.Count;
            var rowsAdded = 0;
            while (rowsAdded < MaxOperations && batch.Count < MaxBatch)
            {
                LedgerOperation? next;
                if (carried > 0)
                {
                    next = deferred.Dequeue();
                    carried--;
                }
                else if (!_rows.TryDequeue(out next))
                {
                    break;
                }

                // Two operations on one row cannot share a transaction; the second waits for the next one.
                if (!rows.Add(next.InsertsRow!))
                {
                    deferred.Enqueue(next);
                    continue;
                }

                batch.Add(next);
                rowsAdded++;
            }

            if (batch.Count > 0)
            {
                try
                {
                    await CommitAsync(batch);
                }
                catch (Exception e)
                {
                    // A bug must fail its callers, not silently stop this partition's writer.
                    _logger.LogError(e, "Ledger partition {Partition}: unexpected failure", Partition);
                    _state = null;
                    // Not durable, whatever the cause (an entity too large, a bug): callers get 503, never a false OK.
                    FailAll(batch, new StoreUnavailableException("The budget store did not take the write; nothing was acknowledged.", e));
                }
            }
        }
    }

    /// <summary>Waits for an operation; retires the writer after it has been idle for a while.</summary>
    private async Task<bool> WaitForWorkAsync()
    {
        while (true)
        {
            using var idle = new CancellationTokenSource(_idleTimeout);
            try
            {
                if (await _queue.Reader.WaitToReadAsync(idle.Token))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    // TryPeek, not Count: a single-reader channel cannot count (Count throws).
                    if (!_queue.Reader.TryPeek(out _))
                    {
                        _closed = true;
                        // Idle for this long means the holder returned its lease (it renews every few seconds while it holds one).
                        Leases?.Stop();
                        _onIdle(this);
                        return false;
                    }
                }
            }
        }
    }

    private async Task CommitAsync(List<LedgerOperation> batch)
    {
        var batches = new Queue<List<LedgerOperation>>([batch]);
        while (batches.TryDequeue(out var next))
        {
            await CommitOneAsync(next, batches);
        }
    }

    /// <param name="later">Where half of a batch goes when its rows and alerts do not fit one transaction.</param>
    private async Task CommitOneAsync(List<LedgerOperation> batch, Queue<List<LedgerOperation>> later)
    {
        var failures = 0;
        var pending = new List<LedgerOperation>(batch);
        var unexplained = 0;
        while (pending.Count > 0)
        {
            Staged? staged = null;
            try
            {
                var fresh = false;
                if (_state is not null && System.Diagnostics.Stopwatch.GetElapsedTime(_stateAt) > TrustCachedStateFor)
                {
                    _state = null;
                }

                if (_state is null)
                {
                    await ReadLedgerAsync();
                    fresh = true;
                }

                staged = Stage(pending);
                if (!fresh && staged.Outcomes.Values.Any(o => o.NeedsFreshState))
                {
                    _state = null;
                    continue;
                }

                if (staged.Actions.Count > MaxActions && pending.Count > 1)
                {
                    // Many alerts at once (a burst of review-worthy calls): split and go again.
                    var half = pending.Count / 2;
                    later.Enqueue(pending.GetRange(half, pending.Count - half));
                    pending.RemoveRange(half, pending.Count - half);
                    continue;
                }

                if (staged.Actions.Count > 0)
                {
                    var response = await _table.SubmitTransactionAsync(staged.Actions);
                    _metrics.LedgerCommitted();
                    // Counted once committed: a staging retried after a 412 writes off nothing twice.
                    _metrics.LeasesWrittenOff(staged.State.Leases.WriteOffs - _state!.Leases.WriteOffs, staged.State.Leases.WrittenOff - _state.Leases.WrittenOff);
                    _state = staged.State;
                    _etag = response.Value[^1].Headers.ETag ?? throw new InvalidOperationException("The store returned no ETag for the ledger row.");
                    _stateAt = System.Diagnostics.Stopwatch.GetTimestamp();
                }

                foreach (var operation in pending)
                {
                    operation.Complete(staged.Outcomes[operation]);
                }

                if (staged.Notifications > 0)
                {
                    _onNotifications(Partition);
                }

                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && staged?.OwnerOf(e.FailedTransactionActionIndex) is { InsertsRow: not null })
            {
                // An event row exists: look up every event of the batch at once rather than
                // paying a round trip per duplicate (a replayed file is all duplicates).
                if (await ResolveExistingAsync(pending) == 0 && ++unexplained > 3)
                {
                    FailAll(pending, new InvalidOperationException($"Ledger partition {Partition}: a row conflicts but none of the batch's rows exists.", e));
                    return;
                }
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance wrote the ledger row (or created it first): read it and go again.
                _metrics.LedgerConflict();
                _state = null;
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                // The outcome is unknown: the transaction may have landed. Forget the cached row;
                // write tokens let the retry tell our own rows from an earlier send's.
                _state = null;
                if (failures >= Backoff.Length || StoreFailures.IsTimeout(e))
                {
                    _logger.LogWarning(e, "Ledger partition {Partition}: giving up on {Count} operations after {Attempts} attempts", Partition, pending.Count, failures + 1);
                    FailAll(pending, new StoreUnavailableException("The budget store did not accept the write; nothing was acknowledged. Retry shortly.", e));
                    return;
                }

                await Task.Delay(Backoff[failures++]);
            }
        }
    }

    private static void FailAll(List<LedgerOperation> operations, Exception error)
    {
        foreach (var operation in operations)
        {
            operation.Fail(error);
        }
    }

    private Staged Stage(List<LedgerOperation> pending)
    {
        var working = _state!.Clone();
        var actions = new List<TableTransactionAction>(pending.Count + 4);
        var owners = new List<LedgerOperation?>(pending.Count + 4);
        var outcomes = new Dictionary<LedgerOperation, OperationResult>(pending.Count);
        foreach (var operation in pending)
        {
            var before = actions.Count;
            var committed = Commitments.Of(working, working.Leases);
            outcomes[operation] = operation.Stage(Partition, working, actions);
            // The durable invariant, checked on every write whatever the operation: a bug here is a 503, never overspend.
            var ceiling = LeaseRules.Ceiling(working, operation.Context.Limits, operation.Context.Now);
            if (!Commitments.KeepsLimit(committed, Commitments.Of(working, working.Leases), ceiling))
            {
                throw new InvalidOperationException($"Ledger partition {Partition}: {operation.GetType().Name} would commit more than the limit allows ({ceiling}); refused.");
            }

            owners.AddRange(Enumerable.Repeat<LedgerOperation?>(operation, actions.Count - before));
        }

        // Only denials: nothing changed, nothing to write (the hot path of an exhausted pool).
        var changes = actions.Count > 0 || outcomes.Values.Any(o => o.ChangesState);
        var context = pending[^1].Context;
        var notifications = changes ? LedgerRules.Apply(context, working, pending) : [];
        foreach (var notification in notifications)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Outbox.OutboxRows.ToEntity(Partition, notification, context.Now)));
            owners.Add(null);
        }

        if (!changes)
        {
            return new Staged(working, [], owners, outcomes, notifications.Count);
        }

        var ledger = LedgerRowMapper.ToEntity(Partition, working);
        actions.Add(_etag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, ledger)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ledger, _etag));
        owners.Add(null);
        return new Staged(working, actions, owners, outcomes, notifications.Count);
    }

    /// <summary>One attempt's transaction: the new ledger state, its actions and which operation each action serves.</summary>
    private sealed record Staged(
        LedgerState State,
        List<TableTransactionAction> Actions,
        List<LedgerOperation?> Owners,
        Dictionary<LedgerOperation, OperationResult> Outcomes,
        int Notifications)
    {
        public LedgerOperation? OwnerOf(int? index) => index is { } i && i >= 0 && i < Owners.Count ? Owners[i] : null;
    }

    /// <summary>Completes (and removes from <paramref name="pending"/>) every operation whose row already exists.</summary>
    /// <returns>How many were found.</returns>
    private async Task<int> ResolveExistingAsync(List<LedgerOperation> pending)
    {
        var lookups = pending
            .Where(o => o.InsertsRow is not null)
            .Select(async o => (Operation: o, Row: await _table.GetEntityIfExistsAsync<TableEntity>(Partition, o.InsertsRow!, ["WriteToken"])))
            .ToArray();
        var found = 0;
        foreach (var (operation, row) in await Task.WhenAll(lookups))
        {
            if (row.HasValue && row.Value is { } entity)
            {
                found++;
                pending.Remove(operation);
                operation.Complete(entity.GetString("WriteToken") == operation.WriteToken ? OperationResult.Accepted : OperationResult.Duplicate);
            }
        }

        return found;
    }

    private async Task ReadLedgerAsync()
    {
        _stateAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, LedgerKeys.LedgerRow);
        if (row.HasValue && row.Value is { } entity)
        {
            _state = LedgerRowMapper.ToState(entity);
            _etag = entity.ETag;
        }
        else
        {
            _state = new LedgerState(_currency);
            _etag = default;
        }
    }
}
