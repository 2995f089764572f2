namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>The chat command words (CONTRACT.md, "Chat"). Aliases live in <see cref="CommandRegistry"/>.</summary>
public static class CommandVerbs
{
    public const string Help = "help";
    public const string Budget = "budget";
    public const string Usage = "usage";
    public const string Override = "override";
    public const string Increase = "increase";
    public const string Outcome = "outcome";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Link = "link";
    public const string Graduate = "graduate";
    public const string Accept = "accept";
}
