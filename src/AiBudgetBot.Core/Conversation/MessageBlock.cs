using System.Text.Json.Serialization;

namespace AiBudgetBot.Core.Conversation;

/// <summary>One piece of a message's body.</summary>
/// <remarks>Typed JSON so a message can wait in the outbox and be rendered when it is delivered.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(FactsBlock), "facts")]
[JsonDerivedType(typeof(ProgressBlock), "progress")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(ChartBlock), "chart")]
[JsonDerivedType(typeof(DetailsBlock), "details")]
public abstract record MessageBlock;

/// <summary>A paragraph. Supports **bold** and line breaks, nothing else, so both platforms render it the same.</summary>
public sealed record TextBlock(string Text) : MessageBlock;

/// <summary>Label/value pairs ("Spent: $412.10").</summary>
public sealed record FactsBlock(IReadOnlyList<Fact> Facts) : MessageBlock;

public sealed record Fact(string Label, string Value);

/// <summary>A budget bar: how full a pool is, with a caption ("$412 of $1,000 · 41 %").</summary>
public sealed record ProgressBlock(string Label, decimal Percent, string Caption, MessageTone Tone) : MessageBlock;

/// <summary>A small table: the first column names the row; keep it under ~10 rows.</summary>
public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : MessageBlock;

/// <summary>A chart or picture served by the bot (absolute https URL).</summary>
public sealed record ImageBlock(Uri Url, string AltText) : MessageBlock;

/// <summary>
/// Details a reader opens on demand, so the headline is read first: Teams shows them behind a
/// toggle, Slack in a thread reply under the message.
/// </summary>
public sealed record DetailsBlock(string Title, IReadOnlyList<MessageBlock> Blocks) : MessageBlock;
