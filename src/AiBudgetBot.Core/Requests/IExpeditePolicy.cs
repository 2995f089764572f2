namespace AiBudgetBot.Core.Requests;

/// <summary>
/// Whether an increase skips the finance step because the team's ROI qualifies (the seed's
/// "expedited when ROI is proven"). The rule is <see cref="ExpediteRule"/>; the host's
/// implementation reads the last full month's spend and outcomes. <see cref="NeverExpedite"/>
/// is the fallback when outcomes are not wired: every increase takes both steps.
/// </summary>
public interface IExpeditePolicy
{
    Task<bool> QualifiesAsync(string teamId, string poolId, decimal amount, CancellationToken cancellationToken);

    /// <summary>The decision with its evidence (the ROI and the sentence an approval card shows); null when there is nothing to say.</summary>
    Task<ExpediteAssessment?> AssessAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>A workflow's measured ROI as a sentence, for a graduation card; null when outcomes are not wired.</summary>
    Task<string?> WorkflowEvidenceAsync(string teamId, string workflow, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>The fallback: no increase is expedited (owner then finance, always).</summary>
public sealed class NeverExpedite : IExpeditePolicy
{
    public Task<bool> QualifiesAsync(string teamId, string poolId, decimal amount, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<ExpediteAssessment?> AssessAsync(string teamId, CancellationToken cancellationToken) => Task.FromResult<ExpediteAssessment?>(null);
}
