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
[JsonDerivedType(typeof(DataVisualizationBlock), "data_visualization")]
public abstract record SlackBlock
{
    public string? BlockId { get; init; }
}

public sealed record HeaderBlock(SlackText Text) : SlackBlock;

public sealed record SectionBlock(SlackText? Text, IReadOnlyList<SlackText>? Fields = null) : SlackBlock;

/// <summary>A picture: a public <c>image_url</c>, or a file uploaded to Slack (<c>slack_file</c>), which needs no public URL.</summary>
public sealed record ImageBlockKit(string? ImageUrl, string AltText) : SlackBlock
{
    public SlackFileReference? SlackFile { get; init; }

    public SlackText? Title { get; init; }
}

public sealed record SlackFileReference(string Id);

/// <summary>
/// Slack's native chart (CHARTS.md §3, rolling out since 2026-06): a pie's <c>segments</c>, or a
/// bar/line chart's <c>series</c> over <c>axis_config.categories</c>.
/// </summary>
public sealed record DataVisualizationBlock(string Title, SlackChart Chart) : SlackBlock;

public sealed record SlackChart(string Type)
{
    public IReadOnlyList<SlackChartDatum>? Segments { get; init; }

    public IReadOnlyList<SlackChartSeries>? Series { get; init; }

    public SlackAxisConfig? AxisConfig { get; init; }
}

public sealed record SlackChartDatum(string Label, decimal Value);

public sealed record SlackChartSeries(string Name, IReadOnlyList<SlackChartDatum> Data);

public sealed record SlackAxisConfig(IReadOnlyList<string> Categories, string? XLabel, string? YLabel);

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
