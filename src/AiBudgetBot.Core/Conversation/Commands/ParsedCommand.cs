namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>What the parser made of a message.</summary>
public abstract record ParsedCommand;

/// <summary>A command word with valid arguments.</summary>
public sealed record Parsed(ChatCommand Command) : ParsedCommand;

/// <summary>A known command word with arguments that do not fit; <see cref="Message"/> says what was wrong and the right form.</summary>
public sealed record ParseError(CommandDefinition Definition, string Message) : ParsedCommand;

/// <summary>Words the bot does not know (the answer is the help card, never silence).</summary>
public sealed record UnknownWords(string Text) : ParsedCommand;
