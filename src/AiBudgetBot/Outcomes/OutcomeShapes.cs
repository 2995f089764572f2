using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Outcomes;

/// <summary><c>POST /api/v1/outcomes</c>: <c>{ team, workflow?, month, metric, value, unit?, baseline?, note? }</c>.</summary>
public sealed record OutcomeDto(string? Team, string? Workflow, string? Month, string? Metric, decimal? Value, string? Unit, decimal? Baseline, string? Note);

/// <summary>What was recorded: the revision, and the one it superseded (a correction).</summary>
public sealed record RecordedOutcomeDto(string Team, string Month, string? Workflow, string Metric, decimal Value, string? Unit, decimal? Baseline, string? Note, int Revision, SupersededDto? Supersedes);

public sealed record SupersededDto(int Revision, decimal Value, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary><c>GET /api/v1/teams/{teamId}/roi?month=</c>.</summary>
public sealed record RoiDto(
    string Team,
    string Month,
    string Currency,
    decimal Spend,
    decimal Value,
    decimal? Roi,
    string Classification,
    string Reason,
    bool Expedited,
    string? ExpediteReason,
    decimal TargetRoi,
    decimal RecordedValue,
    decimal HoursSaved,
    decimal HourlyRate,
    IReadOnlyList<WorkflowRoiDto> Workflows,
    QuarterDto Quarter);

public sealed record WorkflowRoiDto(
    string Workflow,
    decimal Spend,
    decimal Value,
    decimal? Roi,
    string? Unit,
    decimal? Units,
    decimal? CostPerUnit,
    decimal? UnitsBaseline,
    decimal? PreviousCostPerUnit,
    decimal? CostPerUnitChangePercent,
    decimal? CycleTimeBefore,
    decimal? CycleTimeAfter,
    decimal? QualityLiftPct);

/// <summary>The month and the two before it.</summary>
public sealed record QuarterDto(string From, string To, decimal Spend, decimal Value, decimal? Roi);

public static class OutcomeShapes
{
    public static RecordedOutcomeDto From(Storage.Outcomes.RecordedOutcome recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var o = recorded.Outcome;
        var before = recorded.Superseded is { } s ? new SupersededDto(s.Revision, s.Value, s.RecordedBy, s.RecordedAt) : null;
        return new RecordedOutcomeDto(o.TeamId, o.Month, o.Workflow, o.Metric, o.Value, o.Unit, o.Baseline, o.Note, o.Revision, before);
    }

    public static RoiDto From(RoiReport report, Core.Requests.ExpediteAssessment? expedite, RoiSettings settings, string currency)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var f = report.Figures;
        return new RoiDto(
            report.TeamId,
            report.Month,
            currency,
            f.Spend,
            f.Value,
            f.Roi,
            report.Classification.Name(),
            report.Reason,
            expedite?.Expedited ?? false,
            expedite?.Evidence,
            settings.TargetRoi,
            f.RecordedValue,
            f.HoursSaved,
            f.HourlyRate,
            report.Workflows.Select(w => new WorkflowRoiDto(
                w.Workflow, w.Figures.Spend, w.Figures.Value, w.Figures.Roi, w.Unit, w.Units, w.CostPerUnit,
                w.UnitsBaseline, w.PreviousCostPerUnit, w.CostPerUnitChangePercent, w.CycleTimeBefore, w.CycleTimeAfter, w.QualityLiftPercent)).ToList(),
            new QuarterDto(report.QuarterFrom, report.Month, report.Quarter.Spend, report.Quarter.Value, report.Quarter.Roi));
    }
}
