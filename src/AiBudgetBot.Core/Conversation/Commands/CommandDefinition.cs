namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>One command word: how to write it, what it does, who sees it in help, and how its arguments are read.</summary>
/// <param name="Usage">The right form, shown in help and in every parse error ("override &lt;amount&gt; [&lt;hours&gt;h] &lt;reason&gt;").</param>
/// <param name="Summary">One line of help: what the bot does with it.</param>
/// <param name="Example">A message a person could send as is.</param>
public sealed record CommandDefinition(
    string Verb,
    IReadOnlyList<string> Aliases,
    string Usage,
    string Summary,
    string Example,
    CommandAudience Audience,
    Func<CommandArguments, CommandDefinition, ParsedCommand> Read)
{
    public ParsedCommand Parse(CommandArguments arguments) => Read(arguments, this);

    public ParseError Error(string problem) => new(this, $"{problem} Use: **{Usage}** (e.g. **{Example}**).");
}
