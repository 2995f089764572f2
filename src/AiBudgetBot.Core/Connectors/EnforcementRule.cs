using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Connectors;

/// <summary>
/// Whether a gateway should block a team: its pool has reached the hard limit, counting
/// approved override headroom that is still active. An increase raises the limit, an override
/// adds headroom and a new period starts from zero, so each of them lifts the block.
/// </summary>
public static class EnforcementRule
{
    public static bool ShouldBlock(LedgerState state, EffectiveLimits limits, DateTimeOffset now) =>
        state.Spent >= limits.Hard + state.OverrideHeadroom(null, now);
}
