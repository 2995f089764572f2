namespace AiBudgetBot.Teams;

// Teams' native chart elements (CHARTS.md §1): not in the Adaptive Cards 1.5 schema, so each one
// carries a fallback that clients without charts (Teams mobile, other hosts) show instead.
// Property names are the ones Teams' schema (teams.ts packages/cards/schema.json) uses.

/// <summary>What every chart element has: a title, a palette and the element shown where charts are unknown.</summary>
public abstract class CardChart : CardElement
{
    public string? Title { get; set; }

    /// <summary>categorical, sequential, diverging…</summary>
    public string? ColorSet { get; set; }

    /// <summary>Typed as the base so the <c>type</c> discriminator is written.</summary>
    public required CardElement Fallback { get; set; }
}

/// <summary><c>Chart.VerticalBar</c>: <c>data: [{ x, y }]</c>.</summary>
public sealed class CardVerticalBarChart : CardChart
{
    public string? XAxisTitle { get; set; }

    public string? YAxisTitle { get; set; }

    public bool? ShowBarValues { get; set; }

    public List<CardChartValue> Data { get; set; } = [];
}

/// <summary><c>Chart.VerticalBar.Grouped</c>: <c>data: [{ legend, values: [{ x, y }] }]</c>, one entry per series.</summary>
public sealed class CardGroupedVerticalBarChart : CardChart
{
    public string? XAxisTitle { get; set; }

    public string? YAxisTitle { get; set; }

    public bool? Stacked { get; set; }

    public bool? ShowBarValues { get; set; }

    public List<CardChartSeries> Data { get; set; } = [];
}

/// <summary><c>Chart.HorizontalBar</c>: <c>data: [{ x, y }]</c>, x the label.</summary>
public sealed class CardHorizontalBarChart : CardChart
{
    public string? XAxisTitle { get; set; }

    public string? YAxisTitle { get; set; }

    /// <summary>AbsoluteWithAxis (default), AbsoluteNoAxis, PartToWhole.</summary>
    public string? DisplayMode { get; set; }

    public List<CardChartValue> Data { get; set; } = [];
}

/// <summary><c>Chart.Donut</c>: <c>data: [{ legend, value }]</c>.</summary>
public sealed class CardDonutChart : CardChart
{
    public List<CardChartSlice> Data { get; set; } = [];
}

/// <summary><c>Chart.Gauge</c>: a needle <c>value</c> between <c>min</c> and <c>max</c> over coloured <c>segments</c> (no <c>data</c>).</summary>
public sealed class CardGaugeChart : CardChart
{
    public decimal Value { get; set; }

    public decimal Min { get; set; }

    public decimal Max { get; set; }

    /// <summary>Percentage (default) or Fraction.</summary>
    public string? ValueFormat { get; set; }

    public string? SubLabel { get; set; }

    public bool? ShowMinMax { get; set; }

    public List<CardGaugeSegment> Segments { get; set; } = [];
}

/// <summary><c>Chart.Line</c>: <c>data: [{ legend, values: [{ x, y }] }]</c>, one entry per line.</summary>
public sealed class CardLineChart : CardChart
{
    public string? XAxisTitle { get; set; }

    public string? YAxisTitle { get; set; }

    public List<CardChartSeries> Data { get; set; } = [];
}

public sealed record CardChartValue(string X, decimal Y);

public sealed record CardChartSeries(string Legend, IReadOnlyList<CardChartValue> Values);

public sealed record CardChartSlice(string Legend, decimal Value);

/// <summary>A gauge band; the schema and every sample call its width <c>size</c> (one doc version says <c>value</c>, wrongly).</summary>
public sealed record CardGaugeSegment(string Legend, decimal Size, string? Color);
