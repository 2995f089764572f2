using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>The expedited path for real: <see cref="ExpediteRule"/> over the team's last full month of spend and outcomes.</summary>
public sealed class RoiExpeditePolicy(ITeamRoi roi, IOptions<OutcomesOptions> options, IOptions<OrganizationOptions> organization) : IExpeditePolicy
{
    public async Task<bool> QualifiesAsync(string teamId, string poolId, decimal amount, CancellationToken cancellationToken) =>
        (await AssessAsync(teamId, cancellationToken))?.Expedited ?? false;

    public async Task<ExpediteAssessment?> AssessAsync(string teamId, CancellationToken cancellationToken)
    {
        var month = roi.LastFullMonth();
        var report = await roi.ForTeamAsync(teamId, month, cancellationToken);
        return report is null ? null : ExpediteRule.Assess(report.Figures, month, options.Value.ExpediteRoi, organization.Value.Currency);
    }

    public async Task<string?> WorkflowEvidenceAsync(string teamId, string workflow, CancellationToken cancellationToken)
    {
        var month = roi.LastFullMonth();
        var report = await roi.ForTeamAsync(teamId, month, cancellationToken);
        var line = report?.Workflows.FirstOrDefault(w => string.Equals(w.Workflow, workflow, StringComparison.OrdinalIgnoreCase));
        var currency = organization.Value.Currency;
        return line switch
        {
            null => $"No spend or outcome recorded for {workflow} in {RoiText.Month(month)}.",
            { Figures.Roi: { } r } => $"{workflow} in {RoiText.Month(month)}: {RoiText.Money(line.Figures.Spend, currency)} spend, {RoiText.Money(line.Figures.Value, currency)} of recorded value: {RoiText.Ratio(r)}.",
            _ => $"{workflow} had no spend in {RoiText.Month(month)}; {RoiText.Money(line.Figures.Value, currency)} of value recorded.",
        };
    }
}
