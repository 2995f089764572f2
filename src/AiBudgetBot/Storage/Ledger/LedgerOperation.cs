using AiBudgetBot.Core.Spend;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// One change a caller asks of a pool-period partition. The partition's writer stages many
/// of them into one transaction with the ledger row; each learns its outcome only once that
/// transaction is durable (or has failed for good).
/// </summary>
internal abstract class LedgerOperation
{
    private readonly TaskCompletionSource<LedgerOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Stable across retries of this operation, written into its rows.</summary>
    public string WriteToken { get; } = Guid.NewGuid().ToString("N");

    public Task<LedgerOutcome> Outcome => _completion.Task;

    /// <summary>The row this operation inserts and that must not exist yet (an event's), if any.</summary>
    public abstract string? InsertsRow { get; }

    /// <summary>Applies the change to <paramref name="state"/> and adds the rows that justify it.</summary>
    /// <returns>The outcome to report once the batch commits, or null when the operation does not write.</returns>
    public abstract LedgerOutcome Stage(string partition, LedgerState state, List<TableTransactionAction> actions);

    public void Complete(LedgerOutcome outcome) => _completion.TrySetResult(outcome);

    public void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>What happened to one operation.</summary>
public enum LedgerOutcome
{
    /// <summary>Durable: counted now.</summary>
    Accepted,

    /// <summary>Its row was already there: counted before, not again.</summary>
    Duplicate,
}

/// <summary>Counts one usage event: inserts its row and adds its cost to the ledger.</summary>
internal sealed class CountEventOperation(CountedEvent counted) : LedgerOperation
{
    public CountedEvent Counted { get; } = counted;

    public override string InsertsRow { get; } = LedgerKeys.Event(counted.Id);

    public override LedgerOutcome Stage(string partition, LedgerState state, List<TableTransactionAction> actions)
    {
        state.Count(Counted);
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EventRowMapper.ToEntity(partition, Counted, WriteToken)));
        return LedgerOutcome.Accepted;
    }
}
