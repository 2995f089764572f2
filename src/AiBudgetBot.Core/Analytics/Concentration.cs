using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>How concentrated spend is: the practice note's "80 % of costs driven by 5 % of users".</summary>
/// <param name="Users">Named users with spend (those in the row's "others" line are not counted one by one).</param>
/// <param name="TopUsers">The top 5 % of <paramref name="Users"/>, at least one, biggest first.</param>
/// <param name="TopUserShare">Their share of all spend, 0..1.</param>
/// <param name="TopWorkflows">The three biggest workflows.</param>
/// <param name="TopWorkflowShare">Their share of all spend, 0..1.</param>
/// <param name="Gini">Gini coefficient of spend over named users: 0 everyone spends the same, towards 1 one user spends it all.</param>
public sealed record Concentration(
    int Users,
    IReadOnlyList<string> TopUsers,
    decimal TopUserShare,
    IReadOnlyList<string> TopWorkflows,
    decimal TopWorkflowShare,
    decimal Gini)
{
    /// <summary>The "top 5 % of users" of the practice note.</summary>
    public const decimal TopUserFraction = 0.05m;

    public const int TopWorkflowCount = 3;

    public static Concentration Of(UsageBreakdown usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var users = Named(usage.ByUser).OrderByDescending(u => u.Value.Cost).ThenBy(u => u.Key, StringComparer.Ordinal).ToList();
        var topCount = users.Count == 0 ? 0 : (int)Math.Max(1, Math.Ceiling(users.Count * TopUserFraction));
        var top = users.Take(topCount).ToList();
        var workflows = UsageBreakdown.Top(usage.ByWorkflow, TopWorkflowCount).ToList();
        return new Concentration(
            users.Count,
            [.. top.Select(u => u.Key)],
            usage.ShareOf(top.Sum(u => u.Value.Cost)),
            [.. workflows.Select(w => w.Key)],
            usage.ShareOf(workflows.Sum(w => w.Value.Cost)),
            GiniOf(users.Select(u => u.Value.Cost)));
    }

    /// <summary>G = Σᵢ (2i − n − 1)·xᵢ / (n·Σx), over values sorted ascending (i from 1).</summary>
    public static decimal GiniOf(IEnumerable<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(v => v > 0m).Order().ToList();
        var n = sorted.Count;
        var total = sorted.Sum();
        if (n < 2 || total == 0m)
        {
            return 0m;
        }

        var weighted = 0m;
        for (var i = 0; i < n; i++)
        {
            weighted += ((2m * (i + 1)) - n - 1) * sorted[i];
        }

        return weighted / (n * total);
    }

    /// <summary>Lines that name one person or workflow: not calls without one, not the row's "others".</summary>
    internal static IEnumerable<KeyValuePair<string, SpendLine>> Named(Dictionary<string, SpendLine> lines) =>
        lines.Where(l => l.Key != LedgerState.Unattributed && l.Key != LedgerState.Others);
}
