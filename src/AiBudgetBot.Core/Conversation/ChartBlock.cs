namespace AiBudgetBot.Core.Conversation;

/// <summary>
/// A chart, described by its data so each platform draws it its own way: Teams with its native
/// Adaptive Card chart elements (with a fallback for clients that lack them), Slack as a picture.
/// </summary>
/// <param name="Kind">Which chart.</param>
/// <param name="Title">What it shows, in a few words ("Spend vs budget by team, December").</param>
/// <param name="Series">One series for a plain bar, donut or gauge; several for grouped bars and lines.</param>
public sealed record ChartBlock(ChartKind Kind, string Title, IReadOnlyList<ChartSeries> Series) : MessageBlock
{
    public string? XAxisTitle { get; init; }

    public string? YAxisTitle { get; init; }

    /// <summary>A gauge's full scale (its one point's value is the needle); null elsewhere.</summary>
    public decimal? Max { get; init; }

    /// <summary>Currency of the values when they are money (labels and fallbacks format them so); null for counts or percent.</summary>
    public string? Currency { get; init; }
}

/// <summary>A named run of values ("Spent", "Budget").</summary>
public sealed record ChartSeries(string Legend, IReadOnlyList<ChartPoint> Points);

/// <summary>One value on a category ("marketing", 412.10).</summary>
public sealed record ChartPoint(string Label, decimal Value);

public enum ChartKind
{
    VerticalBar,

    /// <summary>Vertical bars, one per series for each label (spend next to budget).</summary>
    GroupedVerticalBar,
    HorizontalBar,
    Donut,
    Gauge,
    Line,
}
