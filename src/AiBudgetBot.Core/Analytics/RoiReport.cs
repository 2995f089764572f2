namespace AiBudgetBot.Core.Analytics;

/// <summary>A team's month as finance reads it: spend next to value, ROI, the verdict with its reason, per workflow, and the trailing quarter.</summary>
/// <param name="Quarter">The month and the two before it.</param>
/// <param name="Previous">The month before, for trends (null when not loaded).</param>
public sealed record RoiReport(
    string TeamId,
    string Month,
    RoiFigures Figures,
    RoiClassification Classification,
    string Reason,
    IReadOnlyList<WorkflowRoi> Workflows,
    RoiFigures Quarter,
    string QuarterFrom,
    RoiFigures? Previous,
    bool HasOutcomes);
