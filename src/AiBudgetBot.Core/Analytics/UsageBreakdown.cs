using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>Where a team's spend went over one month, summed over its pools' ledgers.</summary>
public sealed class UsageBreakdown
{
    public decimal Total { get; private set; }

    public long Calls { get; private set; }

    public Dictionary<string, SpendLine> ByWorkflow { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SpendLine> ByModel { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SpendLine> ByTier { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SpendLine> ByUser { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static UsageBreakdown Of(IEnumerable<LedgerState> ledgers)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        var breakdown = new UsageBreakdown();
        foreach (var ledger in ledgers)
        {
            breakdown.Total += ledger.Spent;
            breakdown.Calls += ledger.Events;
            Merge(ledger.ByWorkflow, breakdown.ByWorkflow);
            Merge(ledger.ByModel, breakdown.ByModel);
            Merge(ledger.ByTier, breakdown.ByTier);
            Merge(ledger.ByUser, breakdown.ByUser);
        }

        return breakdown;
    }

    /// <summary>Share of the total, 0..1.</summary>
    public decimal ShareOf(decimal cost) => Total == 0m ? 0m : cost / Total;

    /// <summary>The biggest lines first.</summary>
    public static IEnumerable<KeyValuePair<string, SpendLine>> Top(Dictionary<string, SpendLine> lines, int count)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.OrderByDescending(l => l.Value.Cost).ThenBy(l => l.Key, StringComparer.Ordinal).Take(count);
    }

    private static void Merge(Dictionary<string, SpendLine> from, Dictionary<string, SpendLine> to)
    {
        foreach (var (key, line) in from)
        {
            var sum = to.GetValueOrDefault(key, SpendLine.Empty);
            to[key] = new SpendLine(sum.Cost + line.Cost, sum.Calls + line.Calls, sum.InputTokens + line.InputTokens, sum.OutputTokens + line.OutputTokens);
        }
    }
}
