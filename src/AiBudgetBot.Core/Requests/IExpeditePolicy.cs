namespace AiBudgetBot.Core.Requests;

/// <summary>
/// Whether an increase skips the finance step because the team's ROI qualifies (the seed's
/// "expedited when ROI is proven"). The seam exists so the ROI rule can arrive without touching
/// the approvals flow; until the ROI classification is agreed, <see cref="NeverExpedite"/> is
/// registered and every increase takes both steps.
/// </summary>
public interface IExpeditePolicy
{
    Task<bool> QualifiesAsync(string teamId, string poolId, decimal amount, CancellationToken cancellationToken);
}

/// <summary>The default: no increase is expedited (owner then finance, always).</summary>
public sealed class NeverExpedite : IExpeditePolicy
{
    public Task<bool> QualifiesAsync(string teamId, string poolId, decimal amount, CancellationToken cancellationToken) => Task.FromResult(false);
}
