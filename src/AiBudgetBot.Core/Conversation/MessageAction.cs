namespace AiBudgetBot.Core.Conversation;

/// <summary>
/// A button. Its payload names only the verb and the subject it acts on (a request id, an
/// alert id); everything else (amounts, who may decide) is read from the store when the
/// click arrives, so a forwarded or stale card cannot grant more than the store allows.
/// </summary>
public sealed record MessageAction(string Verb, string Title, string SubjectId, ActionStyle Style = ActionStyle.Default);

public enum ActionStyle
{
    Default,
    Positive,
    Destructive,
}
