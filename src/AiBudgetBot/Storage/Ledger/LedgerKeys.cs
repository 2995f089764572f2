using System.Text;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// Keys of the ledger table. Everything that must change together lives in one partition
/// per pool and period, <c>{team}|{pool}|{period}</c>, because Table Storage transactions are
/// atomic only within a partition: the ledger row, the event rows (row key = event id, so a
/// second insert of the same id fails) and its outbox rows. Open reservations live in the
/// ledger row itself, so one ETag guards them with the totals.
/// </summary>
public static class LedgerKeys
{
    public const string LedgerRow = "ledger";
    public const string EventPrefix = "e|";
    public const string OutboxPrefix = "o|";

    public static string Partition(string teamId, string poolId, string period) =>
        $"{teamId.ToLowerInvariant()}|{poolId.ToLowerInvariant()}|{period}";

    public static string Event(string eventId) => EventPrefix + Escape(eventId);

    public static string Outbox(string notificationId) => OutboxPrefix + Escape(notificationId);

    /// <summary>The upper bound of a prefix range query (prefix + the next character after '|').</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>
    /// Makes any id a legal row key, reversibly: Table Storage forbids '/', '\', '#' and '?'
    /// in keys, and '%' is escaped so that the mapping stays one-to-one.
    /// </summary>
    public static string Escape(string id)
    {
        if (id.AsSpan().IndexOfAny("%/\\#?") < 0)
        {
            return id;
        }

        var builder = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            builder.Append(c switch
            {
                '%' => "%25",
                '/' => "%2F",
                '\\' => "%5C",
                '#' => "%23",
                '?' => "%3F",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
