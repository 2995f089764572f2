namespace AiBudgetBot.Core.Analytics;

/// <summary>One workflow's month: spend, value, ROI and, where throughput is recorded, the unit cost and its trend.</summary>
/// <param name="Units">Throughput recorded for the month (null: none recorded).</param>
/// <param name="CostPerUnit">Spend ÷ units (null without units).</param>
/// <param name="PreviousCostPerUnit">The same for the month before, when both months have it.</param>
/// <param name="CostPerUnitChangePercent">How the unit cost moved since the month before (negative: cheaper per unit).</param>
/// <param name="CycleTimeBefore">cycle-time-hours baseline (before), when recorded.</param>
/// <param name="CycleTimeAfter">cycle-time-hours now, when recorded.</param>
public sealed record WorkflowRoi(
    string Workflow,
    RoiFigures Figures,
    string? Unit,
    decimal? Units,
    decimal? UnitsBaseline,
    decimal? CostPerUnit,
    decimal? PreviousCostPerUnit,
    decimal? CostPerUnitChangePercent,
    decimal? CycleTimeBefore,
    decimal? CycleTimeAfter,
    decimal? QualityLiftPercent);
