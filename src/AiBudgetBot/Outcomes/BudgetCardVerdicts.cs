using AiBudgetBot.Chat;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// The verdict line on the <c>budget</c> card: the last full month's (a whole month is the fair
/// one to judge), or this month's so far when last month had no spend.
/// </summary>
public sealed class BudgetCardVerdicts(RoiService roi) : ITeamVerdicts
{
    public async Task<string?> VerdictAsync(Team team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var report = await roi.ForTeamAsync(team.Id, roi.LastFullMonth(), cancellationToken);
        var soFar = "";
        if (report is { Classification: RoiClassification.NoSpend })
        {
            report = await roi.ForTeamAsync(team.Id, roi.CurrentMonth(), cancellationToken);
            soFar = " so far";
        }

        return report is null || report.Classification == RoiClassification.NoSpend
            ? null
            : $"**ROI verdict, {RoiText.Month(report.Month)}{soFar}: {report.Classification.Name()}**. {report.Reason}";
    }
}
