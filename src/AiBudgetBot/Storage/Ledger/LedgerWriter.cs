using System.Collections.Concurrent;
using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Outbox;
using AiBudgetBot.Telemetry;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// Routes ledger operations to the one <see cref="PartitionWriter"/> of their partition in
/// this process, creating writers on demand and letting idle ones retire.
/// </summary>
public sealed class LedgerWriter(Tables tables, IOptions<OrganizationOptions> organization, IOptions<StorageOptions> storage, OutboxSignal outbox, BotMetrics metrics, TimeProvider time, ILogger<LedgerWriter> logger)
{
    private readonly ConcurrentDictionary<string, PartitionWriter> _writers = new(StringComparer.Ordinal);
    private Azure.Data.Tables.TableClient? _table;

    /// <summary>
    /// Decides an authorize from this process's lease on the pool-period when it covers it (no
    /// store round trip); null means decide per call with <see cref="ReserveAsync"/>. Asking is
    /// also what makes the lease: demand here is what the holder sizes its next request by.
    /// </summary>
    /// <param name="refresh">Reads the pool's context anew from the directory, for renewals the lease makes later.</param>
    public Decision? TryLeased(string requestId, decimal amount, TimeSpan holdFor, PartitionContext context, Func<DateTimeOffset, CancellationToken, ValueTask<PartitionContext?>> refresh)
    {
        if (_table is null)
        {
            // No writer can exist before the table is known; the per-call path opens it.
            return null;
        }

        var writer = WriterFor(context.Partition, _table, context.LeasePolicy);
        return writer.Leases?.TryAllow(requestId, amount, context, holdFor, refresh);
    }

    /// <summary>What this process's lease on <paramref name="partition"/> looks like now (tests, status).</summary>
    public LeaseView? LeaseOf(string partition) => _writers.TryGetValue(partition, out var writer) ? writer.Leases?.View() : null;

    /// <summary>Returns every lease this process holds (shutdown), each within <paramref name="within"/>.</summary>
    public Task ReturnLeasesAsync(TimeSpan within) =>
        Task.WhenAll(_writers.Values.Where(w => w.Leases is not null).Select(w => w.Leases!.ReturnAsync(within)));

    /// <summary>Counts <paramref name="counted"/> once; completes when the count is durable.</summary>
    /// <exception cref="StoreUnavailableException">The store could not make it durable.</exception>
    public async Task<LedgerOutcome> CountAsync(CountedEvent counted, PartitionContext context, CancellationToken cancellationToken = default) =>
        (await SubmitAsync(context.Partition, new CountEventOperation(counted, context), cancellationToken)).Outcome;

    /// <summary>Decides an authorize against the durable ledger and holds the estimate when allowed.</summary>
    /// <exception cref="StoreUnavailableException">The store could not make the hold durable.</exception>
    public async Task<Decision> ReserveAsync(string requestId, decimal amount, string? workflow, TimeSpan holdFor, PartitionContext context, CancellationToken cancellationToken = default) =>
        (await SubmitAsync(context.Partition, new ReserveOperation(requestId, amount, workflow, holdFor, context), cancellationToken)).Decision!;

    /// <summary>Puts approved override headroom into the pool-period's ledger, atomically with everything else there.</summary>
    public Task GrantOverrideAsync(BudgetOverride granted, PartitionContext context, CancellationToken cancellationToken = default) =>
        SubmitAsync(context.Partition, new OverrideOperation(granted.Id, granted, context), cancellationToken);

    /// <summary>Withdraws an override (expired or revoked); holds made under it lapse with their own expiry.</summary>
    public Task RevokeOverrideAsync(string overrideId, PartitionContext context, CancellationToken cancellationToken = default) =>
        SubmitAsync(context.Partition, new OverrideOperation(overrideId, null, context), cancellationToken);

    internal async Task<OperationResult> SubmitAsync(string partition, LedgerOperation operation, CancellationToken cancellationToken)
    {
        var table = _table ??= await TablesOrUnavailable(cancellationToken);
        while (true)
        {
            var writer = WriterFor(partition, table, operation.Context.LeasePolicy);
            if (writer.TryEnqueue(operation))
            {
                break;
            }

            // That writer just retired; the next GetOrAdd makes a fresh one.
            _writers.TryRemove(KeyValuePair.Create(partition, writer));
        }

        // The operation is queued and will complete whether or not this caller waits: cancelling
        // only stops the waiting, never the write, so a half-acknowledged batch cannot happen.
        return await operation.Outcome.WaitAsync(cancellationToken);
    }

    private PartitionWriter WriterFor(string partition, Azure.Data.Tables.TableClient table, LeasePolicy policy) =>
        _writers.GetOrAdd(partition, p => new PartitionWriter(
            p,
            table,
            organization.Value.Currency,
            logger,
            TimeSpan.FromSeconds(storage.Value.WriterIdleSeconds),
            retired => _writers.TryRemove(KeyValuePair.Create(retired.Partition, retired)),
            outbox.Notify,
            metrics,
            new LeaseHolder(Environment.MachineName, policy),
            time));

    private async Task<Azure.Data.Tables.TableClient> TablesOrUnavailable(CancellationToken cancellationToken)
    {
        try
        {
            return await tables.GetAsync(Tables.Ledger, cancellationToken);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            throw new StoreUnavailableException("The budget store is unreachable; nothing was recorded. Retry shortly.", e);
        }
    }
}
