namespace AiBudgetBot.Core.Requests;

/// <summary>What a request asks for. All four go through the same state machine.</summary>
public enum RequestKind
{
    /// <summary>Temporary headroom above a pool's hard limit: capped, expiring, optionally for one workflow.</summary>
    Override,

    /// <summary>A permanent new limit for a pool, effective now or from the next period.</summary>
    Increase,

    /// <summary>A sandbox workflow moves to the team's production budget.</summary>
    Graduation,

    /// <summary>The team's owner accepts the financial framework; until then authorize denies the team.</summary>
    Onboarding,
}
