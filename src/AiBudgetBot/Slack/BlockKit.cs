using System.Text.Json.Serialization;

namespace AiBudgetBot.Slack;

// The subset of Block Kit the bot sends, as typed records serialized with snake_case names.
// Only what BlockKitRenderer produces lives here; Slack's full surface is far larger.

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ImageBlockKit), "image")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
public abstract record SlackBlock
{
    public string? BlockId { get; init; }
}

public sealed record HeaderBlock(SlackText Text) : SlackBlock;

public sealed record SectionBlock(SlackText? Text, IReadOnlyList<SlackText>? Fields = null) : SlackBlock;

public sealed record ImageBlockKit(string ImageUrl, string AltText) : SlackBlock;

public sealed record ActionsBlock(IReadOnlyList<ButtonElement> Elements) : SlackBlock;

public sealed record ContextBlock(IReadOnlyList<SlackText> Elements) : SlackBlock;

public sealed record DividerBlock : SlackBlock;

/// <summary>A text object: <c>plain_text</c> (headers, buttons) or <c>mrkdwn</c> (sections, context).</summary>
public sealed record SlackText(string Type, string Text)
{
    public static SlackText Plain(string text) => new("plain_text", text);

    public static SlackText Mrkdwn(string text) => new("mrkdwn", text);
}

/// <summary>A button; <c>action_id</c> is the verb and <c>value</c> the subject id, nothing else.</summary>
public sealed record ButtonElement(SlackText Text, string ActionId, string Value, string? Style)
{
    public string Type => "button";
}

/// <summary>A rendered message: the blocks plus the plain-text fallback Slack shows in notifications.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock> Blocks);
