using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Chat;

/// <summary>
/// The ROI verdict the <c>budget</c> card shows under the pools. Chat owns the question; the
/// outcomes area answers it (chat does not use that folder, so folders still depend one way).
/// </summary>
public interface ITeamVerdicts
{
    /// <summary>One sentence ("ROI verdict, November 2026: healthy. $1,000 spend produced …"), or null when there is nothing to judge.</summary>
    Task<string?> VerdictAsync(Team team, CancellationToken cancellationToken);
}
