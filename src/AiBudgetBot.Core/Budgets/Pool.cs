using AiBudgetBot.Core.Periods;

namespace AiBudgetBot.Core.Budgets;

/// <summary>One allocation a team spends from.</summary>
/// <param name="Amount">The budget per period (100 %), in the organization's currency.</param>
/// <param name="SoftLimitPercent">Above this, calls are still served but flagged.</param>
/// <param name="HardLimitPercent">At this, calls are denied.</param>
/// <param name="Thresholds">Percentages that raise an early warning once per period.</param>
/// <param name="Workflows">Events of these workflows are routed to this pool.</param>
public sealed record Pool(
    string TeamId,
    string Id,
    PoolKind Kind,
    PoolStage Stage,
    Money.Money Amount,
    PeriodKind Period,
    DateOnly Start,
    DateOnly? End,
    decimal SoftLimitPercent,
    decimal HardLimitPercent,
    IReadOnlyList<decimal> Thresholds,
    IReadOnlyList<string> Workflows)
{
    public static readonly IReadOnlyList<decimal> DefaultThresholds = [50m, 75m, 90m, 100m];

    public Money.Money SoftLimit => (Amount * (SoftLimitPercent / 100m)).RoundToMicros();

    public Money.Money HardLimit => (Amount * (HardLimitPercent / 100m)).RoundToMicros();

    /// <summary>Whether the pool takes spend on this local date.</summary>
    public bool IsActiveOn(DateOnly date) => date >= Start && (End is null || date <= End.Value);

    public bool Routes(string? workflow) =>
        workflow is not null && Workflows.Any(w => string.Equals(w, workflow, StringComparison.OrdinalIgnoreCase));

    public BudgetPeriod PeriodOf(DateTimeOffset instant, PeriodCalendar calendar) =>
        calendar.Containing(instant, Period, Start, End);
}
