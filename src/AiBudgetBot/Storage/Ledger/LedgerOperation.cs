using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// One change a caller asks of a pool-period partition. The partition's writer stages many
/// of them into one transaction with the ledger row; each learns its outcome only once that
/// transaction is durable (or has failed for good).
/// </summary>
internal abstract class LedgerOperation(PartitionContext context)
{
    private readonly TaskCompletionSource<OperationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PartitionContext Context { get; } = context;

    /// <summary>Stable across retries of this operation, written into its rows.</summary>
    public string WriteToken { get; } = Guid.NewGuid().ToString("N");

    public Task<OperationResult> Outcome => _completion.Task;

    /// <summary>The row this operation inserts and that must not exist yet (an event's), if any.</summary>
    public virtual string? InsertsRow => null;

    /// <summary>Applies the change to <paramref name="state"/> and adds the rows that justify it.</summary>
    /// <returns>The result to report once the batch is durable.</returns>
    public abstract OperationResult Stage(string partition, LedgerState state, List<TableTransactionAction> actions);

    public void Complete(OperationResult result) => _completion.TrySetResult(result);

    public void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>What happened to one operation.</summary>
public enum LedgerOutcome
{
    /// <summary>Durable: counted (or decided) now.</summary>
    Accepted,

    /// <summary>Its row was already there: counted before, not again.</summary>
    Duplicate,
}

/// <summary>An operation's result; <see cref="Decision"/> is set for reservations.</summary>
/// <param name="ChangesState">Whether the ledger row must be written for this operation.</param>
/// <param name="NeedsFreshState">A denial that a stale copy of the ledger cannot prove: decide again on a fresh read.</param>
/// <param name="Grant">The row's answer to a lease renewal.</param>
public sealed record OperationResult(LedgerOutcome Outcome, bool ChangesState, Decision? Decision = null, bool NeedsFreshState = false, LeaseGrant? Grant = null)
{
    public static readonly OperationResult Accepted = new(LedgerOutcome.Accepted, ChangesState: true);

    public static readonly OperationResult Duplicate = new(LedgerOutcome.Duplicate, ChangesState: false);
}

/// <summary>Counts one usage event: inserts its row, adds its cost and settles its reservation.</summary>
internal sealed class CountEventOperation(CountedEvent counted, PartitionContext context) : LedgerOperation(context)
{
    public CountedEvent Counted { get; } = counted;

    public override string? InsertsRow { get; } = LedgerKeys.Event(counted.Id);

    public override OperationResult Stage(string partition, LedgerState state, List<TableTransactionAction> actions)
    {
        state.Count(Counted);
        // The usage of an authorized call settles its hold: the actual cost replaces the estimate
        // (and, decided under a live lease, the unused part of the estimate goes back to it).
        LeaseRules.Settle(state, state.Leases, Counted.Event.RequestId ?? Counted.Id, Counted.Cost.Amount, Context.Limits, Context.LeasePolicy);
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EventRowMapper.ToEntity(partition, Counted, WriteToken)));
        return OperationResult.Accepted;
    }
}

/// <summary>Decides an authorize and holds its estimate when allowed (see <see cref="Authorizer"/>).</summary>
internal sealed class ReserveOperation(string requestId, decimal amount, string? workflow, TimeSpan holdFor, PartitionContext context) : LedgerOperation(context)
{
    public override OperationResult Stage(string partition, LedgerState state, List<TableTransactionAction> actions)
    {
        // Live leases count as committed; a denial only they explain recalls them.
        var (decision, changes) = LeaseRules.Reserve(state, state.Leases, Context.Limits, requestId, amount, workflow, Context.Now, holdFor, Context.LeasePolicy);
        // Holds and leases may have been released elsewhere since this copy was read, so only a
        // denial that settled (or written-off) money alone proves is final here; an allow is
        // proven by the ETag at commit.
        var provable = decision.Allowed || Authorizer.CertainlyDenied(state, Context.Limits, amount, workflow, Context.Now, state.Leases.WrittenOff);
        var remaining = Context.Pool.Amount.Amount - state.Spent - state.Reserved - state.Leases.Committed;
        return new(LedgerOutcome.Accepted, changes, decision with { Remaining = remaining }, NeedsFreshState: !provable);
    }
}

/// <summary>
/// A lease holder's renewal (grant, flush, top-up or return; see <see cref="LeaseRules.Apply"/>).
/// It states a target, not a delta, so staging it again after a 412 or a lost reply is safe.
/// </summary>
internal sealed class LeaseOperation(LeaseRequest request, TimeSpan holdFor, PartitionContext context) : LedgerOperation(context)
{
    public LeaseRequest Request { get; } = request;

    public override OperationResult Stage(string partition, LedgerState state, List<TableTransactionAction> actions)
    {
        var leases = state.Leases.Leases.Count;
        var grant = LeaseRules.Apply(state, state.Leases, Request, Context.Limits, Context.LeasePolicy, Context.Now, holdFor);
        // A refusal (near or past the limit, asked again every renewal while demand lasts) gives
        // nothing, so it needs no write of its own, only when writing off dead leases changed the row.
        var changes = grant.Status != LeaseStatus.Refused || state.Leases.Leases.Count != leases;
        return new(LedgerOutcome.Accepted, changes, Grant: grant);
    }
}

/// <summary>Adds approved override headroom to the pool-period (or withdraws it, with a null override).</summary>
internal sealed class OverrideOperation(string overrideId, BudgetOverride? granted, PartitionContext context) : LedgerOperation(context)
{
    public override OperationResult Stage(string partition, LedgerState state, List<TableTransactionAction> actions)
    {
        if (granted is null)
        {
            state.Overrides.Remove(overrideId);
        }
        else
        {
            state.Overrides[overrideId] = granted;
        }

        // No row of its own: the ledger row carries overrides, so the change is durable with it.
        return OperationResult.Accepted;
    }
}
