using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Leases;

/// <summary>
/// What a ledger row commits against the limit: settled spend, holds of calls not yet reported,
/// live leases and leases written off with dead holders.
/// </summary>
public readonly record struct Commitments(decimal Spent, decimal Held, decimal Leased, decimal WrittenOff)
{
    public decimal Committed => Spent + Held + Leased + WrittenOff;

    /// <summary>Money promised to calls that have not reported yet (holds and leases): what an authorize adds.</summary>
    public decimal Promised => Held + Leased;

    public static Commitments Of(LedgerState ledger, LeaseBook book) => new(ledger.Spent, ledger.Reserved, book.Leased, book.WrittenOff);

    /// <summary>
    /// The durable invariant (I1), checked on every write: a change that promises more money
    /// leaves spent + held + leased + written off within <paramref name="ceiling"/> (the hard
    /// limit plus override headroom). Changes that promise nothing more — counting reported
    /// usage, settling, flushing, returning, writing off — are always allowed: reported spend
    /// has happened, and refusing to count it would only hide it.
    /// </summary>
    public static bool KeepsLimit(Commitments before, Commitments after, decimal ceiling) =>
        after.Promised <= before.Promised || after.Committed <= ceiling;
}
