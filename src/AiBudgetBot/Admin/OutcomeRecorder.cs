using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Outcomes;

namespace AiBudgetBot.Admin;

/// <summary>Validates, stores and audits an outcome; the chat command (and later POST /api/v1/outcomes) come through here.</summary>
public sealed class OutcomeRecorder(DirectoryStore directory, OutcomeStore outcomes, AuditLog audit)
{
    public async Task<AdminResult> RecordAsync(Outcome outcome, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if ((await directory.CurrentAsync(d => d.FindTeam(outcome.TeamId) is not null, cancellationToken)).FindTeam(outcome.TeamId) is null)
        {
            return AdminResult.Missing($"Team '{outcome.TeamId}' does not exist.");
        }

        if (!OutcomeMetrics.All.Contains(outcome.Metric))
        {
            errors.Add($"metric must be one of {string.Join(", ", OutcomeMetrics.All)}.");
        }

        if (outcome.Value < 0m && !OutcomeMetrics.AllowsNegative(outcome.Metric))
        {
            errors.Add($"{outcome.Metric} cannot be negative.");
        }

        if (outcome.Workflow is { } workflow && !Identifier.IsValid(workflow))
        {
            errors.Add($"workflow '{workflow}' must be 1-64 letters, digits, '-' or '_'.");
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        await outcomes.UpsertAsync(outcome, cancellationToken);
        await audit.RecordAsync(outcome.TeamId, outcome.RecordedBy, "outcome.record", null, outcome, cancellationToken);
        return AdminResult.Ok(outcome);
    }
}
