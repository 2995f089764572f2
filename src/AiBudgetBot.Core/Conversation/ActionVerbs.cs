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

    public static readonly IReadOnlyList<string> All = [Approve, Deny, AcceptFramework, RequestIncrease, PauseWorkflow, ViewUsage];
}
