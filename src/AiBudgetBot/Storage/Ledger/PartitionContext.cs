using AiBudgetBot.Core.Alerts;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// What a partition's writer needs to know about the pool behind it when it applies the
/// rules that ride on a write (thresholds, forecast, reviews): taken from the directory
/// when the operation was made. The lease policy rides along because every write may write off
/// a dead holder's lease, whether or not this instance takes leases itself.
/// </summary>
public sealed record PartitionContext(
    Team Team,
    Pool Pool,
    BudgetPeriod Period,
    EffectiveLimits Limits,
    DateTimeOffset Now,
    PeriodCalendar Calendar,
    decimal ReviewSingleCallAbove,
    decimal ReviewUserDayAbove,
    LeasePolicy LeasePolicy)
{
    public string Partition => LedgerKeys.Partition(Team.Id, Pool.Id, Period.Key);

    public AlertContext Alert(LedgerState state) => new(Team, Pool, Period, state, Limits, Now, Calendar);
}
