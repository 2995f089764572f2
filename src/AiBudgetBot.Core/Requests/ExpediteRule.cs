using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Core.Requests;

/// <summary>
/// The seed's expedited path: a team whose ROI over its last full month is at least
/// <c>Outcomes:ExpediteRoi</c> (default 5, "$10,000 generating $50,000") asks for an increase
/// with one approval step, its owner's, instead of owner then finance. Amounts above
/// <c>Limits:EscalationAbove</c> still go to finance (<see cref="DeciderRules.StepsFor"/>).
/// </summary>
public static class ExpediteRule
{
    public static ExpediteAssessment Assess(RoiFigures lastFullMonth, string month, decimal expediteRoi, string currency)
    {
        ArgumentNullException.ThrowIfNull(lastFullMonth);
        var name = RoiText.Month(month);
        var threshold = RoiText.Threshold(expediteRoi);
        if (lastFullMonth.Roi is not { } roi)
        {
            return new(false, null, $"No spend in {name}, so no ROI to earn the expedited path (it needs {threshold}).");
        }

        var evidence = $"{RoiText.Money(lastFullMonth.Spend, currency)} spend in {name} produced {RoiText.Money(lastFullMonth.Value, currency)} of recorded value: {RoiText.Ratio(roi)}";
        return roi >= expediteRoi
            ? new(true, roi, $"Expedited: {evidence}, at least the {threshold} that earns one-step approval (owner only).")
            : new(false, roi, $"Not expedited: {evidence}, under the {threshold} that earns one-step approval.");
    }
}

/// <summary>Whether an increase would be expedited, the ROI that decided it, and the sentence a card shows as evidence.</summary>
public sealed record ExpediteAssessment(bool Expedited, decimal? Roi, string Evidence);
