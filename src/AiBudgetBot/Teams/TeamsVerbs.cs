namespace AiBudgetBot.Teams;

/// <summary>Verbs Teams itself sends, beyond the bot's own <see cref="Core.Conversation.ActionVerbs"/>.</summary>
public static class TeamsVerbs
{
    /// <summary>The Action.Execute of a card's <c>refresh</c>: Teams asks for the viewer's version of the card.</summary>
    public const string Refresh = "refresh";
}
