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

    public Dictionary<string, SpendLine> ByWorkflowModel { get; } = new(StringComparer.OrdinalIgnoreCase);

    public SortedDictionary<DateOnly, SpendLine> ByDay { get; } = [];

    public SortedDictionary<DateOnly, Dictionary<string, decimal>> DayWorkflows { get; } = [];

    public SortedDictionary<DateOnly, Dictionary<string, decimal>> DayModels { get; } = [];

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
            Merge(ledger.ByWorkflowModel, breakdown.ByWorkflowModel);
            foreach (var (day, line) in ledger.ByDay)
            {
                var sum = breakdown.ByDay.GetValueOrDefault(day, SpendLine.Empty);
                breakdown.ByDay[day] = new SpendLine(sum.Cost + line.Cost, sum.Calls + line.Calls, sum.InputTokens + line.InputTokens, sum.OutputTokens + line.OutputTokens);
            }

            MergeDaily(ledger.DayWorkflows, breakdown.DayWorkflows);
            MergeDaily(ledger.DayModels, breakdown.DayModels);
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

    /// <summary>Spend on the local days from <paramref name="first"/> to <paramref name="last"/>, inclusive.</summary>
    public decimal SpentBetween(DateOnly first, DateOnly last) => ByDay.Where(d => d.Key >= first && d.Key <= last).Sum(d => d.Value.Cost);

    private static void MergeDaily(SortedDictionary<DateOnly, Dictionary<string, decimal>> from, SortedDictionary<DateOnly, Dictionary<string, decimal>> to)
    {
        foreach (var (day, lines) in from)
        {
            if (!to.TryGetValue(day, out var sums))
            {
                to[day] = sums = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            }

            foreach (var (key, cost) in lines)
            {
                sums[key] = sums.GetValueOrDefault(key) + cost;
            }
        }
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
