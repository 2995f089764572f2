using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>Who and what sends long contexts: average input tokens per call, and the spend behind it.</summary>
/// <param name="Users">Users at or above the threshold, biggest spend first.</param>
/// <param name="Workflows">Workflows at or above the threshold, biggest spend first.</param>
/// <param name="UserCostShare">Share of all spend made by <paramref name="Users"/>, 0..1.</param>
public sealed record LongContexts(long Threshold, IReadOnlyList<ContextLine> Users, IReadOnlyList<ContextLine> Workflows, decimal UserCostShare)
{
    public static LongContexts Of(UsageBreakdown usage, AnalyticsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(settings);
        var users = Above(Concentration.Named(usage.ByUser), settings.LongContextTokens);
        var workflows = Above(usage.ByWorkflow.Where(w => w.Key != LedgerState.Others), settings.LongContextTokens);
        return new LongContexts(settings.LongContextTokens, users, workflows, usage.ShareOf(users.Sum(u => u.Cost)));
    }

    /// <summary>Average input per call of every line, biggest spend first (for tables).</summary>
    public static IReadOnlyList<ContextLine> All(Dictionary<string, SpendLine> lines) =>
        [.. lines.Where(l => l.Value.Calls > 0).Select(Line).OrderByDescending(l => l.Cost).ThenBy(l => l.Key, StringComparer.Ordinal)];

    private static List<ContextLine> Above(IEnumerable<KeyValuePair<string, SpendLine>> lines, long threshold) =>
        [.. lines.Where(l => l.Value.Calls > 0 && l.Value.AverageInputTokens >= threshold).Select(Line).OrderByDescending(l => l.Cost).ThenBy(l => l.Key, StringComparer.Ordinal)];

    private static ContextLine Line(KeyValuePair<string, SpendLine> l) => new(l.Key, l.Value.AverageInputTokens, l.Value.Cost, l.Value.Calls);
}

public sealed record ContextLine(string Key, decimal AverageInputTokens, decimal Cost, long Calls);
