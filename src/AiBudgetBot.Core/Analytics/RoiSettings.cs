namespace AiBudgetBot.Core.Analytics;

/// <summary>The stated rules of the ROI verdict and the expedited path (configuration <c>Outcomes:*</c>).</summary>
/// <param name="HourlyRate">What an hour saved is worth (loaded rate), for this team.</param>
/// <param name="TargetRoi">At or above this ROI a team is healthy.</param>
/// <param name="UnprovenAfterMonths">Spend with no outcome recorded in this many months (ending with the month judged) is unproven.</param>
/// <param name="ExpediteRoi">At or above this ROI over the last full month an increase needs one approval step.</param>
public sealed record RoiSettings(decimal HourlyRate, decimal TargetRoi = 3m, int UnprovenAfterMonths = 1, decimal ExpediteRoi = 5m);
