using AiBudgetBot.Core.Alerts;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// What a partition's writer needs to know about the pool behind it when it applies the
/// rules that ride on a write (thresholds, forecast, reviews): taken from the directory
/// when the operation was made.
/// </summary>
public sealed record PartitionContext(
    Team Team,
    Pool Pool,
    BudgetPeriod Period,
    EffectiveLimits Limits,
    DateTimeOffset Now,
    PeriodCalendar Calendar,
    decimal ReviewSingleCallAbove,
    decimal ReviewUserDayAbove)
{
    public string Partition => LedgerKeys.Partition(Team.Id, Pool.Id, Period.Key);

    public AlertContext Alert(LedgerState state) => new(Team, Pool, Period, state, Limits, Now, Calendar);
}
