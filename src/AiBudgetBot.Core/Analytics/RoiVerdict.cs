namespace AiBudgetBot.Core.Analytics;

/// <summary>
/// The verdict on a team's month and the sentence a finance lead can repeat. The rules, tried in
/// this order (the first that matches decides):
/// <list type="number">
/// <item><b>no-spend</b>: nothing spent in the month; ROI is undefined.</item>
/// <item><b>unproven</b>: spend, and no outcome recorded in the last <c>UnprovenAfterMonths</c> months (ending with this one).</item>
/// <item><b>healthy</b>: ROI ≥ <c>TargetRoi</c>.</item>
/// <item><b>investing</b>: below target, but spend and recorded value both rose since the month before.</item>
/// <item><b>wasteful</b>: outcomes recorded and ROI &lt; 1.</item>
/// <item><b>below-target</b>: the rest: ROI from 1 up to the target, not rising.</item>
/// </list>
/// </summary>
public static class RoiVerdict
{
    /// <param name="months">Oldest first; the last is the month judged, the one before it (if any) the month before.</param>
    public static (RoiClassification Classification, string Reason) Judge(IReadOnlyList<TeamMonth> months, RoiSettings settings, string currency)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(settings);
        if (months.Count == 0)
        {
            throw new ArgumentException("Judging needs at least the month itself.", nameof(months));
        }

        var month = months[^1];
        var figures = RoiFigures.Of(month.Spend, month.Outcomes, settings.HourlyRate);
        var name = RoiText.Month(month.Month);
        var target = RoiText.Threshold(settings.TargetRoi);
        if (figures.Roi is not { } roi)
        {
            return (RoiClassification.NoSpend, $"No spend in {name}, so there is no return to measure: ROI is undefined.");
        }

        var window = Math.Max(1, settings.UnprovenAfterMonths);
        if (!months.TakeLast(window).Any(m => m.HasOutcomes))
        {
            var span = window == 1 ? "for the month" : $"in the last {window} months";
            return (RoiClassification.Unproven, $"{RoiText.Money(figures.Spend, currency)} spent in {name} and no outcome recorded {span}: record hours saved, throughput or value to show what it bought.");
        }

        var produced = $"{RoiText.Money(figures.Spend, currency)} spend produced {RoiText.Money(figures.Value, currency)} of recorded value: {RoiText.Ratio(roi)}";
        if (roi >= settings.TargetRoi)
        {
            return (RoiClassification.Healthy, $"{produced}, target {target}.");
        }

        if (months.Count >= 2 && months[^2] is { Spend: > 0m } before)
        {
            var previous = RoiFigures.Of(before.Spend, before.Outcomes, settings.HourlyRate);
            if (figures.Spend > previous.Spend && figures.Value > previous.Value)
            {
                return (RoiClassification.Investing,
                    $"Spend rose from {RoiText.Money(previous.Spend, currency)} to {RoiText.Money(figures.Spend, currency)} and recorded value from {RoiText.Money(previous.Value, currency)} to {RoiText.Money(figures.Value, currency)}: {RoiText.Ratio(roi)} now, target {target}.");
            }
        }

        var unvalued = figures.Value == 0m ? " Only hours saved and value count as money; throughput, cycle time and quality are shown but not valued." : "";
        return roi < 1m
            ? (RoiClassification.Wasteful, $"{produced}, less than it cost (target {target}).{unvalued}")
            : (RoiClassification.BelowTarget, $"{produced}, below the {target} target.");
    }
}
