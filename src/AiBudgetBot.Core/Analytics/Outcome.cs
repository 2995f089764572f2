namespace AiBudgetBot.Core.Analytics;

/// <summary>What a team says its spend achieved in a month: one metric, for one workflow or the whole team.</summary>
/// <param name="Month">"yyyy-MM" in the organization's time zone.</param>
/// <param name="Workflow">Null when the outcome is the team's as a whole.</param>
/// <param name="Metric">One of <see cref="OutcomeMetrics.All"/>.</param>
public sealed record Outcome(string TeamId, string Month, string? Workflow, string Metric, decimal Value, string RecordedBy, DateTimeOffset RecordedAt);
