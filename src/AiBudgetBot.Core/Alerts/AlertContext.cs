using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Alerts;

/// <summary>Everything an alert about one pool-period says, gathered at the moment it is raised.</summary>
public sealed record AlertContext(Team Team, Pool Pool, BudgetPeriod Period, LedgerState Ledger, EffectiveLimits Limits, DateTimeOffset Now, PeriodCalendar Calendar)
{
    public Money.Money Money(decimal amount) => new(amount, Pool.Amount.Currency);

    public decimal PercentUsed => Ledger.PercentUsed(Pool);

    public decimal? Forecast => Spend.Forecast.EndOfPeriod(Ledger.Spent, Period, Now);

    public DateTimeOffset? RunsOutAt => Spend.Forecast.RunsOutAt(Ledger.Spent, Limits.Hard, Period, Now);

    public string PoolLabel => Pool.Kind == PoolKind.Baseline ? $"{Team.Name}'s {Pool.Id} budget" : $"{Team.Name} · {Pool.Id}";

    public string LocalDate(DateTimeOffset instant) =>
        Calendar.LocalTime(instant).ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture);
}
