using System.Collections.Concurrent;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// Routes ledger operations to the one <see cref="PartitionWriter"/> of their partition in
/// this process, creating writers on demand and letting idle ones retire.
/// </summary>
public sealed class LedgerWriter(Tables tables, IOptions<OrganizationOptions> organization, IOptions<StorageOptions> storage, OutboxSignal outbox, ILogger<LedgerWriter> logger)
{
    private readonly ConcurrentDictionary<string, PartitionWriter> _writers = new(StringComparer.Ordinal);

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
        var table = await TablesOrUnavailable(cancellationToken);
        while (true)
        {
            var writer = _writers.GetOrAdd(partition, p => new PartitionWriter(
                p,
                table,
                organization.Value.Currency,
                logger,
                TimeSpan.FromSeconds(storage.Value.WriterIdleSeconds),
                retired => _writers.TryRemove(KeyValuePair.Create(retired.Partition, retired)),
                outbox.Notify));
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
