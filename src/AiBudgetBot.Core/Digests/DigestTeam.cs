using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Digests;

/// <summary>One team as a digest sees it: its pools now, and its spend this month and last.</summary>
/// <param name="Pools">Every pool active today, with the numbers of the status API.</param>
/// <param name="Current">This month's breakdown, summed over the team's pools.</param>
/// <param name="Previous">Last month's whole breakdown (for like-for-like change and last week across the month's start).</param>
public sealed record DigestTeam(Team Team, IReadOnlyList<PoolReading> Pools, UsageBreakdown Current, UsageBreakdown Previous)
{
    public decimal Spent => Pools.Sum(p => p.Spent);

    public decimal Limit => Pools.Sum(p => p.Limit);

    /// <summary>Sum of the pools' forecasts, a pool too young to forecast counted at its spend.</summary>
    public decimal Forecast => Pools.Sum(p => p.Forecast ?? p.Spent);

    public decimal PercentUsed => Limit == 0m ? 0m : Spent * 100m / Limit;

    public BudgetHealth Health => PoolReading.Worst(Pools);
}
