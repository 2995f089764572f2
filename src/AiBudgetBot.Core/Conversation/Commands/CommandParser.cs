namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>Turns a chat message (mention markup already stripped) into a command.</summary>
public static class CommandParser
{
    /// <summary>Words that make a question a budget question: "how much is left?", "what's remaining in our budget".</summary>
    private static readonly string[] BudgetQuestionWords = ["left", "remaining", "budget"];

    public static ParsedCommand Parse(string? text)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return new Parsed(new HelpCommand());
        }

        var first = words[0].TrimEnd('?', '!', '.', ',', ':').ToLowerInvariant();
        if (CommandRegistry.Find(first) is { } definition)
        {
            // A trailing question mark is not part of the last argument ("budget marketing?").
            var rest = words.Skip(1).ToList();
            if (rest.Count > 0 && definition.Verb is CommandVerbs.Budget or CommandVerbs.Usage or CommandVerbs.Help)
            {
                rest[^1] = rest[^1].TrimEnd('?', '!', '.');
                rest.RemoveAll(w => w.Length == 0);
            }

            return definition.Parse(new CommandArguments(rest));
        }

        if (words.Any(w => BudgetQuestionWords.Contains(w.Trim('?', '!', '.', ',', '"', '\'').ToLowerInvariant())))
        {
            return new Parsed(new BudgetCommand(null));
        }

        return new UnknownWords(string.Join(' ', words));
    }

    private static List<string> Words(string? text) =>
        (text ?? string.Empty)
            .Replace('\u00a0', ' ')
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
}
