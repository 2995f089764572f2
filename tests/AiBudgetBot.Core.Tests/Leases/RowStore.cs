using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests.Leases;

/// <summary>What a simulated write does besides succeeding.</summary>
internal enum Fault
{
    None,

    /// <summary>The write lands but the reply is lost: the writer cannot tell.</summary>
    LostReply,

    /// <summary>The write never reaches the store, and the writer cannot tell either.</summary>
    NotApplied,
}

internal enum WriteOutcome
{
    Ok,
    PreconditionFailed,
    NoReply,
}

/// <summary>
/// A pool-period partition in memory with Table Storage's semantics: the ledger row (ledger
/// plus lease book) and the event rows change together in one transaction, conditioned on the
/// row's ETag (412 when another writer got there first). Every committed version is checked
/// against the durable invariant before it is accepted.
/// </summary>
internal sealed class RowStore(string currency)
{
    private LedgerState _ledger = new(currency);
    private LeaseBook _book = new();
    private readonly Dictionary<string, decimal> _events = new(StringComparer.Ordinal);

    public long ETag { get; private set; } = 1;

    public int Versions { get; private set; }

    /// <summary>Versions that grew a lease with less than a maximum lease left under the soft limit: the cases that test sizing.</summary>
    public int TightGrants { get; private set; }

    public List<string> Violations { get; } = [];

    /// <summary>The event rows: counted usage by request id, with its actual cost.</summary>
    public IReadOnlyDictionary<string, decimal> Events => _events;

    public LedgerState Ledger => _ledger;

    public LeaseBook Book => _book;

    /// <summary>The ledger row, and an empty set of event rows this write will insert (they must not exist yet).</summary>
    public (LedgerState Ledger, LeaseBook Book, Dictionary<string, decimal> NewEvents, long ETag) Read() =>
        (_ledger.Clone(), _book.Clone(), new Dictionary<string, decimal>(StringComparer.Ordinal), ETag);

    /// <param name="limits">The limits in force when the writer staged this change.</param>
    public WriteOutcome Write(long etag, LedgerState ledger, LeaseBook book, Dictionary<string, decimal> newEvents, Limits.EffectiveLimits limits, Fault fault)
    {
        if (fault == Fault.NotApplied)
        {
            return WriteOutcome.NoReply;
        }

        if (etag != ETag)
        {
            return WriteOutcome.PreconditionFailed;
        }

        if (newEvents.Keys.Any(_events.ContainsKey))
        {
            // 409: the event row exists; the whole transaction fails.
            Violations.Add("an event row was inserted twice");
            return WriteOutcome.PreconditionFailed;
        }

        var before = Commitments.Of(_ledger, _book);
        var after = Commitments.Of(ledger, book);
        if (!Commitments.KeepsLimit(before, after, limits.Hard))
        {
            Violations.Add($"I1: version {ETag + 1} promises {after.Promised} (was {before.Promised}) and commits {after.Committed} > {limits.Hard}");
        }

        // Leases are carved from the room under the soft limit only (their decisions are all within budget).
        if (after.Leased > before.Leased && before.Held + before.Leased - after.Held - after.Leased < 0m && after.Committed > limits.Soft)
        {
            Violations.Add($"lease grant in version {ETag + 1} commits {after.Committed} > soft limit {limits.Soft}");
        }

        if (book.Leases.Values.Any(l => l.Amount < 0m) || book.WrittenOff < 0m || ledger.Reservations.Values.Any(r => r.Amount < 0m))
        {
            Violations.Add($"negative amount in version {ETag + 1}");
        }

        if (after.Leased > before.Leased && after.Promised > before.Promised && limits.Soft - before.Committed < LeaseSimulation.Policy.MaxLease(limits.Soft))
        {
            TightGrants++;
        }

        (_ledger, _book) = (ledger, book);
        foreach (var (id, actual) in newEvents)
        {
            _events[id] = actual;
        }

        ETag++;
        Versions++;
        return fault == Fault.LostReply ? WriteOutcome.NoReply : WriteOutcome.Ok;
    }
}
