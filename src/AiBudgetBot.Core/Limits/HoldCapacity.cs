using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Limits;

/// <summary>
/// How many open holds fit in a pool-period's ledger row. The row carries every hold, and Table
/// Storage caps an entity at 1 MiB counting a string's characters as two bytes (UTF-16): one
/// hold more than fits would make the row unwritable for every write of the partition, usage
/// included, so past this room callers are asked to retry instead.
/// </summary>
/// <remarks>
/// Room is measured in characters of the row's JSON, not in holds, because a gateway's request
/// ids may be anything up to 200 characters, and JSON may write one character as six
/// (<c>\uXXXX</c>). The ledger keeps the sum (<see cref="LedgerState.HoldChars"/>), so a check
/// costs nothing; the mapper's tests check these figures against what it writes.
/// </remarks>
public static class HoldCapacity
{
    /// <summary>Holds at most, however small (the row is rewritten with every write of its partition).</summary>
    public const int MaxHolds = 4000;

    /// <summary>Characters of the ledger row's JSON given to holds: 600 KB of its 1 MiB, the rest is the bounded breakdown.</summary>
    public const int BudgetChars = 300_000;

    /// <summary>A hold's braces, amount (up to 19 digits), expiry (15) and the names and separators around them.</summary>
    public const int BaseChars = 56;

    /// <summary>The epoch of the lease a hold was decided under (up to 19 digits) and its name.</summary>
    public const int LeaseChars = 26;

    /// <summary>An override's id at most: a team id (at most 64 characters), a colon and ten more.</summary>
    public const int MaxOverrideIdChars = 80;

    /// <summary>A name and its quotes, for the reason and the override id.</summary>
    private const int FieldChars = 8;

    /// <summary>The characters <paramref name="hold"/> takes in the row.</summary>
    public static int Chars(Reservation hold) => Chars(hold.Id, hold.OverrideId, hold.Reason, hold.Lease is not null);

    /// <param name="reason">Written only when it is not within-budget.</param>
    public static int Chars(string requestId, string? overrideId, string reason, bool leased) =>
        BaseChars
        + JsonChars(requestId)
        + (overrideId is null ? 0 : FieldChars + JsonChars(overrideId))
        + (reason == DecisionReasons.WithinBudget ? 0 : FieldChars + JsonChars(reason))
        + (leased ? LeaseChars : 0);

    /// <summary>Whether a hold of <paramref name="chars"/> more fits in <paramref name="ledger"/>.</summary>
    public static bool HasRoom(LedgerState ledger, int chars) =>
        ledger.Reservations.Count < MaxHolds && ledger.HoldChars + chars <= BudgetChars;

    /// <summary>At most what JSON writes for <paramref name="text"/>: plain ASCII as is, anything else possibly escaped.</summary>
    private static int JsonChars(string text)
    {
        var chars = 0;
        foreach (var c in text)
        {
            chars += c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':' or '|' or '/' ? 1 : 6;
        }

        return chars;
    }
}
