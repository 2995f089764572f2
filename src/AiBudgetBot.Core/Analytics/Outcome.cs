namespace AiBudgetBot.Core.Analytics;

/// <summary>What a team says its spend achieved in a month: one metric, for one workflow or the whole team.</summary>
/// <param name="Month">"yyyy-MM" in the organization's time zone.</param>
/// <param name="Workflow">Null when the outcome is the team's as a whole.</param>
/// <param name="Metric">One of <see cref="OutcomeMetrics.All"/>.</param>
/// <param name="Value">hours-saved: hours; cycle-time-hours: the cycle time now (after); throughput: units in the month;
/// quality-lift-pct: percent; value: money in the organization's currency.</param>
/// <param name="Unit">throughput: what is counted ("tickets", "campaigns").</param>
/// <param name="Baseline">cycle-time-hours: the cycle time before; throughput: the units before AI, when known.</param>
/// <param name="Note">Where the figure comes from, for whoever reads the audit trail.</param>
/// <param name="Revision">1 for the first record of its <see cref="Key"/>; a correction is the next revision and supersedes it.</param>
public sealed record Outcome(
    string TeamId,
    string Month,
    string? Workflow,
    string Metric,
    decimal Value,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    string? Unit = null,
    decimal? Baseline = null,
    string? Note = null,
    int Revision = 1)
{
    public const string WholeTeam = "*";

    /// <summary>What a correction replaces: the same team, month, workflow and metric.</summary>
    public string Key => $"{Month}|{Workflow?.ToLowerInvariant() ?? WholeTeam}|{Metric}";
}
