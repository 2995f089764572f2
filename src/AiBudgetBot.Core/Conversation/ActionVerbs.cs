namespace AiBudgetBot.Core.Conversation;

/// <summary>Every verb a card button can carry. A lint test checks each has a handler on both channels.</summary>
public static class ActionVerbs
{
    public const string Approve = "approve";
    public const string Deny = "deny";
    public const string AcceptFramework = "accept-framework";
    public const string RequestIncrease = "request-increase";
    public const string PauseWorkflow = "pause-workflow";
    public const string ViewUsage = "view-usage";

    /// <summary>An owner confirms a member's outcome (subject: "{team}:{pending id}").</summary>
    public const string ConfirmOutcome = "confirm-outcome";

    public const string RejectOutcome = "reject-outcome";

    /// <summary>The monthly nudge's button: how to record last month's outcomes (subject: "{team}:{yyyy-MM}").</summary>
    public const string RecordOutcomes = "record-outcomes";

    public static readonly IReadOnlyList<string> All = [Approve, Deny, AcceptFramework, RequestIncrease, PauseWorkflow, ViewUsage, ConfirmOutcome, RejectOutcome, RecordOutcomes];
}
