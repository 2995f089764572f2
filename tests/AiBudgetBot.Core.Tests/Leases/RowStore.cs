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
    private Dictionary<string, decimal> _events = new(StringComparer.Ordinal);

    public long ETag { get; private set; } = 1;

    public int Versions { get; private set; }

    public List<string> Violations { get; } = [];

    /// <summary>The event rows: counted usage by request id, with its actual cost.</summary>
    public IReadOnlyDictionary<string, decimal> Events => _events;

    public LedgerState Ledger => _ledger;

    public LeaseBook Book => _book;

    public (LedgerState Ledger, LeaseBook Book, Dictionary<string, decimal> Events, long ETag) Read() =>
        (_ledger.Clone(), _book.Clone(), new Dictionary<string, decimal>(_events, StringComparer.Ordinal), ETag);

    /// <param name="ceiling">The hard limit in force when the writer staged this change.</param>
    public WriteOutcome Write(long etag, LedgerState ledger, LeaseBook book, Dictionary<string, decimal> events, decimal ceiling, Fault fault)
    {
        if (fault == Fault.NotApplied)
        {
            return WriteOutcome.NoReply;
        }

        if (etag != ETag)
        {
            return WriteOutcome.PreconditionFailed;
        }

        var before = Commitments.Of(_ledger, _book);
        var after = Commitments.Of(ledger, book);
        if (!Commitments.KeepsLimit(before, after, ceiling))
        {
            Violations.Add($"I1: version {ETag + 1} promises {after.Promised} (was {before.Promised}) and commits {after.Committed} > {ceiling}");
        }

        if (book.Leases.Values.Any(l => l.Amount < 0m) || book.WrittenOff < 0m || ledger.Reservations.Values.Any(r => r.Amount < 0m))
        {
            Violations.Add($"negative amount in version {ETag + 1}");
        }

        (_ledger, _book, _events) = (ledger, book, events);
        ETag++;
        Versions++;
        return fault == Fault.LostReply ? WriteOutcome.NoReply : WriteOutcome.Ok;
    }
}
