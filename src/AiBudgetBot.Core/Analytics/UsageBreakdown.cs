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
            breakdown.Add(ledger.Spent, ledger.Events, ledger.ByWorkflow, ledger.ByModel, ledger.ByTier, ledger.ByUser, ledger.ByWorkflowModel, ledger.ByDay, ledger.DayWorkflows, ledger.DayModels);
        }

        return breakdown;
    }

    /// <summary>Several breakdowns as one (the organization from its teams).</summary>
    public static UsageBreakdown Merge(IEnumerable<UsageBreakdown> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var breakdown = new UsageBreakdown();
        foreach (var part in parts)
        {
            breakdown.Add(part.Total, part.Calls, part.ByWorkflow, part.ByModel, part.ByTier, part.ByUser, part.ByWorkflowModel, part.ByDay, part.DayWorkflows, part.DayModels);
        }

        return breakdown;
    }

    private void Add(
        decimal total,
        long calls,
        Dictionary<string, SpendLine> byWorkflow,
        Dictionary<string, SpendLine> byModel,
        Dictionary<string, SpendLine> byTier,
        Dictionary<string, SpendLine> byUser,
        Dictionary<string, SpendLine> byWorkflowModel,
        SortedDictionary<DateOnly, SpendLine> byDay,
        SortedDictionary<DateOnly, Dictionary<string, decimal>> dayWorkflows,
        SortedDictionary<DateOnly, Dictionary<string, decimal>> dayModels)
    {
        Total += total;
        Calls += calls;
        Merge(byWorkflow, ByWorkflow);
        Merge(byModel, ByModel);
        Merge(byTier, ByTier);
        Merge(byUser, ByUser);
        Merge(byWorkflowModel, ByWorkflowModel);
        foreach (var (day, line) in byDay)
        {
            var sum = ByDay.GetValueOrDefault(day, SpendLine.Empty);
            ByDay[day] = new SpendLine(sum.Cost + line.Cost, sum.Calls + line.Calls, sum.InputTokens + line.InputTokens, sum.OutputTokens + line.OutputTokens);
        }

        MergeDaily(dayWorkflows, DayWorkflows);
        MergeDaily(dayModels, DayModels);
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
