namespace AiBudgetBot.Core.Analytics;

/// <summary>The outcome metrics a team can record against its spend (CONTRACT.md, <c>outcome</c>).</summary>
public static class OutcomeMetrics
{
    public const string HoursSaved = "hours-saved";
    public const string CycleTimeHours = "cycle-time-hours";
    public const string Throughput = "throughput";
    public const string QualityLiftPercent = "quality-lift-pct";

    /// <summary>Money the workflow earned or saved, in the organization's currency.</summary>
    public const string Value = "value";

    public static readonly IReadOnlyList<string> All = [HoursSaved, CycleTimeHours, Throughput, QualityLiftPercent, Value];

    /// <summary>Only a quality change can be negative; hours, counts and money cannot.</summary>
    public static bool AllowsNegative(string metric) => metric == QualityLiftPercent;
}
