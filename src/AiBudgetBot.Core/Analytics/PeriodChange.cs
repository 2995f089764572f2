using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>
/// This period to date against the previous one to the same day, like for like (December 1–9
/// against November 1–9), and what the difference is made of.
/// </summary>
/// <param name="Previous">Null in a first period: nothing to compare with.</param>
/// <param name="Workflows">Change per workflow, biggest growth first (exact: from per-day spend).</param>
/// <param name="Models">Change per model, biggest growth first (exact: from per-day spend).</param>
/// <param name="Users">Change per user, biggest growth first. A user's previous spend to date is their share of last
/// period's whole spend applied to last period's spend to date (the row keeps no per-day split by user).</param>
/// <param name="UsersBehindGrowth">The fewest users whose growth makes 80 % of all users' growth; 0 when none grew.</param>
public sealed record PeriodChange(
    decimal Current,
    decimal? Previous,
    IReadOnlyList<ChangeLine> Workflows,
    IReadOnlyList<ChangeLine> Models,
    IReadOnlyList<ChangeLine> Users,
    int UsersBehindGrowth)
{
    /// <summary>Current ÷ previous; null in a first period or when nothing was spent to that day before.</summary>
    public decimal? Ratio => Previous is > 0m ? Current / Previous : null;

    public decimal Delta => Current - (Previous ?? 0m);

    public bool FirstPeriod => Previous is null;

    /// <param name="current">The current period's breakdown (read now).</param>
    /// <param name="previous">The whole previous period's breakdown.</param>
    /// <param name="currentFirst">First local day of the current period.</param>
    /// <param name="asOf">Last local day counted in the current period (today).</param>
    /// <param name="previousFirst">First local day of the previous period.</param>
    /// <param name="previousLast">Last local day of the previous period.</param>
    public static PeriodChange Compare(UsageBreakdown current, UsageBreakdown previous, DateOnly currentFirst, DateOnly asOf, DateOnly previousFirst, DateOnly previousLast)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        var days = Math.Max(1, asOf.DayNumber - currentFirst.DayNumber + 1);
        var sameDay = previousFirst.AddDays(days - 1);
        if (sameDay > previousLast)
        {
            sameDay = previousLast;
        }

        var currentTotal = current.ByDay.Count == 0 ? current.Total : current.SpentBetween(currentFirst, asOf);
        decimal? previousTotal = previous.Calls == 0 ? null : previous.SpentBetween(previousFirst, sameDay);
        var workflows = Lines(LedgerState.Through(current.DayWorkflows, asOf), LedgerState.Through(previous.DayWorkflows, sameDay));
        var models = Lines(LedgerState.Through(current.DayModels, asOf), LedgerState.Through(previous.DayModels, sameDay));
        var toDate = previous.Total == 0m ? 0m : (previousTotal ?? 0m) / previous.Total;
        var users = Lines(
            Concentration.Named(current.ByUser).ToDictionary(u => u.Key, u => u.Value.Cost, StringComparer.OrdinalIgnoreCase),
            Concentration.Named(previous.ByUser).ToDictionary(u => u.Key, u => u.Value.Cost * toDate, StringComparer.OrdinalIgnoreCase));
        return new PeriodChange(currentTotal, previousTotal, workflows, models, users, Behind(users));
    }

    private static List<ChangeLine> Lines(Dictionary<string, decimal> now, Dictionary<string, decimal> before) =>
        [.. now.Keys.Union(before.Keys, StringComparer.OrdinalIgnoreCase)
            .Select(k => new ChangeLine(k, now.GetValueOrDefault(k), before.GetValueOrDefault(k)))
            .OrderByDescending(l => l.Delta)
            .ThenBy(l => l.Key, StringComparer.Ordinal)];

    private static int Behind(IReadOnlyList<ChangeLine> users)
    {
        var growth = users.Where(u => u.Delta > 0m).Select(u => u.Delta).ToList();
        var total = growth.Sum();
        var sum = 0m;
        for (var i = 0; i < growth.Count; i++)
        {
            sum += growth[i];
            if (sum >= total * 0.8m)
            {
                return i + 1;
            }
        }

        return 0;
    }
}

/// <summary>One workflow's, model's or user's spend now and to the same day before.</summary>
public sealed record ChangeLine(string Key, decimal Current, decimal Previous)
{
    public decimal Delta => Current - Previous;
}
