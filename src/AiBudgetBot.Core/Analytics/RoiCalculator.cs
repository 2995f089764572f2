namespace AiBudgetBot.Core.Analytics;

/// <summary>
/// ROI per team and workflow for a month and its trailing quarter: value (recorded value plus
/// hours saved at the hourly rate) ÷ spend; the unit cost where throughput is recorded, and its
/// trend against the month before. Team-wide outcomes (no workflow) count for the team, not for
/// any workflow.
/// </summary>
public static class RoiCalculator
{
    public const int QuarterMonths = 3;

    /// <param name="months">Oldest first, consecutive, ending with the month reported; at least that month.
    /// Give <see cref="MonthsNeeded"/> of them for the quarter and the verdict's window.</param>
    public static RoiReport Report(string teamId, IReadOnlyList<TeamMonth> months, RoiSettings settings, string currency)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(settings);
        if (months.Count == 0)
        {
            throw new ArgumentException("A report needs at least the month itself.", nameof(months));
        }

        var month = months[^1];
        var previous = months.Count >= 2 ? months[^2] : null;
        var figures = RoiFigures.Of(month.Spend, month.Outcomes, settings.HourlyRate);
        var quarterMonths = months.TakeLast(QuarterMonths).ToList();
        var quarter = quarterMonths
            .Select(m => RoiFigures.Of(m.Spend, m.Outcomes, settings.HourlyRate))
            .Aggregate(RoiFigures.None(settings.HourlyRate), (sum, m) => sum.Plus(m));
        var (classification, reason) = RoiVerdict.Judge(months, settings, currency);
        return new RoiReport(
            teamId,
            month.Month,
            figures,
            classification,
            reason,
            Workflows(month, previous, settings.HourlyRate),
            quarter,
            quarterMonths[0].Month,
            previous is null ? null : RoiFigures.Of(previous.Spend, previous.Outcomes, settings.HourlyRate),
            month.HasOutcomes);
    }

    /// <summary>How many months (ending with the one reported) a report reads: the quarter, or the unproven window if longer.</summary>
    public static int MonthsNeeded(RoiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Math.Max(QuarterMonths, settings.UnprovenAfterMonths);
    }

    private static List<WorkflowRoi> Workflows(TeamMonth month, TeamMonth? previous, decimal hourlyRate)
    {
        var names = month.SpendByWorkflow.Keys
            .Concat(month.Outcomes.Where(o => o.Workflow is not null).Select(o => o.Workflow!))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return names
            .Select(name => Workflow(name, month, previous, hourlyRate))
            .OrderByDescending(w => w.Figures.Spend)
            .ThenBy(w => w.Workflow, StringComparer.Ordinal)
            .ToList();
    }

    private static WorkflowRoi Workflow(string name, TeamMonth month, TeamMonth? previous, decimal hourlyRate)
    {
        var outcomes = Of(month, name);
        var spend = SpendOf(month, name);
        var throughput = outcomes.FirstOrDefault(o => o.Metric == OutcomeMetrics.Throughput);
        var cycle = outcomes.FirstOrDefault(o => o.Metric == OutcomeMetrics.CycleTimeHours);
        var quality = outcomes.FirstOrDefault(o => o.Metric == OutcomeMetrics.QualityLiftPercent);
        var costPerUnit = UnitCost(spend, throughput);
        var before = previous is null ? null : UnitCost(SpendOf(previous, name), Of(previous, name).FirstOrDefault(o => o.Metric == OutcomeMetrics.Throughput));
        decimal? change = costPerUnit is { } now && before is { } then && then > 0m
            ? decimal.Round((now - then) / then * 100m, 1, MidpointRounding.AwayFromZero)
            : null;
        return new WorkflowRoi(
            name,
            RoiFigures.Of(spend, outcomes, hourlyRate),
            throughput is null ? null : throughput.Unit ?? "units",
            throughput?.Value,
            throughput?.Baseline,
            costPerUnit,
            before,
            change,
            cycle?.Baseline,
            cycle?.Value,
            quality?.Value);
    }

    /// <summary>Spend ÷ units, to the micro-unit; null without units (or with zero of them).</summary>
    private static decimal? UnitCost(decimal spend, Outcome? throughput) =>
        throughput is { Value: > 0m } t ? decimal.Round(spend / t.Value, 6, MidpointRounding.AwayFromZero) : null;

    private static List<Outcome> Of(TeamMonth month, string workflow) =>
        month.Outcomes.Where(o => string.Equals(o.Workflow, workflow, StringComparison.OrdinalIgnoreCase)).ToList();

    private static decimal SpendOf(TeamMonth month, string workflow) =>
        month.SpendByWorkflow.Where(s => string.Equals(s.Key, workflow, StringComparison.OrdinalIgnoreCase)).Sum(s => s.Value);
}
