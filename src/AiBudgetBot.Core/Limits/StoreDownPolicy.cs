using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Limits;

/// <summary>What authorize tells a gateway when the store cannot decide.</summary>
public enum StoreDownMode
{
    /// <summary>Deny: no call goes through that the budget could not be checked for.</summary>
    Closed,

    /// <summary>Allow: the work goes on; the usage is still counted when it is reported.</summary>
    Open,
}

/// <summary>
/// Fail open or closed when the store is down, per pool: a pilot's money is an experiment's cap, so
/// by default it fails closed; a steady pool runs production work that a storage blip must not stop,
/// so it fails open; a sandbox is ring-fenced play money and fails closed whatever its stage. A pool
/// that cannot be named (no directory at all, an unknown team) fails closed.
/// </summary>
public sealed record StoreDownPolicy(StoreDownMode Pilot = StoreDownMode.Closed, StoreDownMode Steady = StoreDownMode.Open, StoreDownMode Sandbox = StoreDownMode.Closed)
{
    public StoreDownMode For(Pool? pool) => pool switch
    {
        null => StoreDownMode.Closed,
        { Kind: PoolKind.Sandbox } => Sandbox,
        { Stage: PoolStage.Pilot } => Pilot,
        _ => Steady,
    };

    public static string ReasonOf(StoreDownMode mode) =>
        mode == StoreDownMode.Open ? DecisionReasons.StoreUnavailableFailOpen : DecisionReasons.StoreUnavailableFailClosed;
}
