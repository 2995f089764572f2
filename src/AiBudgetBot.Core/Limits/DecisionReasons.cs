namespace AiBudgetBot.Core.Limits;

/// <summary>The reasons an authorize decision gives (CONTRACT.md, "A decision").</summary>
public static class DecisionReasons
{
    public const string WithinBudget = "within-budget";
    public const string SoftLimitExceeded = "soft-limit-exceeded";
    public const string Override = "override";
    public const string HardLimitReached = "hard-limit-reached";
    public const string WorkflowPaused = "workflow-paused";
    public const string NotOnboarded = "not-onboarded";
    public const string UnknownTeam = "unknown-team";
    public const string PendingApproval = "pending-approval";

    /// <summary>
    /// Not a decision: the pool holds too many unsettled reservations (usage not reported for
    /// earlier calls). The API answers 503 with Retry-After; the gateway retries shortly.
    /// </summary>
    public const string TooManyOpenReservations = "too-many-open-reservations";

    /// <summary>The store did not answer; the pool's policy says allow (answered with 503, so a gateway knows nothing was held).</summary>
    public const string StoreUnavailableFailOpen = "store-unavailable-fail-open";

    /// <summary>The store did not answer; the pool's policy says deny.</summary>
    public const string StoreUnavailableFailClosed = "store-unavailable-fail-closed";
}
