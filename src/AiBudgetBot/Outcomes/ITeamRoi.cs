using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// ROI per team for a month: what the ROI endpoint answers and what other capabilities read
/// (the weekly digest's ROI column and unproven list: <c>ForAllTeamsAsync(month)</c>, then
/// <see cref="RoiReport.Figures"/> for spend, value and ROI, and the teams whose
/// <see cref="RoiReport.Classification"/> is <see cref="RoiClassification.Unproven"/>).
/// </summary>
public interface ITeamRoi
{
    /// <summary>One team's month ("yyyy-MM"); null when the team does not exist.</summary>
    Task<RoiReport?> ForTeamAsync(string teamId, string month, CancellationToken cancellationToken);

    /// <summary>Every team's month, ordered by team id.</summary>
    Task<IReadOnlyList<RoiReport>> ForAllTeamsAsync(string month, CancellationToken cancellationToken);

    /// <summary>"yyyy-MM" of the last full month in the organization's zone (the one the expedited path judges).</summary>
    string LastFullMonth();
}
