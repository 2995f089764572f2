using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Analytics;

/// <summary>Where a pool stands against its budget.</summary>
public enum BudgetHealth
{
    /// <summary>Within budget and on pace to stay there.</summary>
    OnTrack,

    /// <summary>On pace to end the period above its budget.</summary>
    AtRisk,

    /// <summary>Already above its budget.</summary>
    Over,
}

/// <summary>One pool's numbers at a moment: what the status API shows, plus its health.</summary>
/// <param name="Limit">The budget (100 %).</param>
/// <param name="HardLimit">Where calls are denied under the stage's rules.</param>
/// <param name="Forecast">Projected spend at period end; null while too early to say.</param>
public sealed record PoolReading(Team Team, Pool Pool, decimal Limit, decimal HardLimit, decimal Spent, decimal Reserved, decimal? Forecast)
{
    public decimal PercentUsed => Limit == 0m ? 0m : Spent * 100m / Limit;

    public BudgetHealth Health =>
        Spent > Limit ? BudgetHealth.Over
        : Forecast > Limit ? BudgetHealth.AtRisk
        : BudgetHealth.OnTrack;

    /// <summary>Whether the pace reaches the hard limit before the period ends (calls will be denied).</summary>
    public bool ForecastReachesHardLimit => Forecast >= HardLimit;

    public static BudgetHealth Worst(IEnumerable<PoolReading> pools) =>
        pools.Select(p => p.Health).DefaultIfEmpty(BudgetHealth.OnTrack).Max();
}
