using AiBudgetBot.Charts;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Organization;

namespace AiBudgetBot.Teams;

/// <summary>
/// A <see cref="ChartBlock"/> as Teams' native chart element (CHARTS.md §1), with a fallback for
/// the clients that do not draw charts (Teams mobile): the chart's picture behind its signed link
/// when the bot has a public URL, else the numbers as facts, which every client shows.
/// </summary>
public static class CardCharts
{
    /// <summary>Beyond this many bars Teams' value labels collide.</summary>
    private const int MaxLabelledBars = 16;

    /// <param name="image">The chart's picture (signed link), or null.</param>
    /// <param name="maxRows">Facts in the numbers fallback; the chart itself keeps twice as many labels.</param>
    /// <param name="maxCell">Longest label or text.</param>
    public static CardChart Render(ChartBlock chart, Uri? image, int maxRows, int maxCell)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var kept = Keep(chart, Math.Max(1, maxRows * 2));
        var fallback = image is not null && OutboundUrl.IsAllowed(image)
            ? new CardImage { Url = image.AbsoluteUri, AltText = ChartText.Summary(chart, Math.Max(maxCell, 400)), Size = "stretch" }
            : (CardElement)Numbers(chart, maxRows, maxCell);
        var title = Cut(chart.Title, maxCell);
        var bars = kept.Series.Sum(s => s.Points.Count);
        var first = kept.Series.Count > 0 ? kept.Series[0] : null;
        return chart.Kind switch
        {
            ChartKind.VerticalBar => new CardVerticalBarChart
            {
                Title = title,
                XAxisTitle = chart.XAxisTitle,
                YAxisTitle = chart.YAxisTitle,
                ColorSet = "categorical",
                ShowBarValues = bars <= MaxLabelledBars,
                Data = [.. Values(first, maxCell)],
                Fallback = fallback,
            },
            ChartKind.GroupedVerticalBar => new CardGroupedVerticalBarChart
            {
                Title = title,
                XAxisTitle = chart.XAxisTitle,
                YAxisTitle = chart.YAxisTitle,
                ColorSet = "categorical",
                ShowBarValues = bars <= MaxLabelledBars,
                Data = [.. kept.Series.Select(s => new CardChartSeries(Cut(s.Legend, maxCell), Values(s, maxCell)))],
                Fallback = fallback,
            },
            ChartKind.HorizontalBar => new CardHorizontalBarChart
            {
                Title = title,
                XAxisTitle = chart.XAxisTitle,
                YAxisTitle = chart.YAxisTitle,
                ColorSet = "categorical",
                Data = [.. Values(first, maxCell)],
                Fallback = fallback,
            },
            ChartKind.Donut => new CardDonutChart
            {
                Title = title,
                ColorSet = "categorical",
                Data = [.. (first?.Points ?? []).Select(p => new CardChartSlice(Cut(p.Label, maxCell), Round(p.Value)))],
                Fallback = fallback,
            },
            ChartKind.Gauge => Gauge(chart, title, fallback),
            _ => new CardLineChart
            {
                Title = title,
                XAxisTitle = chart.XAxisTitle,
                YAxisTitle = chart.YAxisTitle,
                ColorSet = "categorical",
                Data = [.. kept.Series.Select(s => new CardChartSeries(Cut(s.Legend, maxCell), Values(s, maxCell)))],
                Fallback = fallback,
            },
        };
    }

    /// <summary>
    /// On a 0–100 scale (as CHARTS.md's example): the needle is the percent used, the bands say
    /// used (coloured like the alerts: under 75 % good, to 100 % warning, over attention) and left.
    /// </summary>
    private static CardGaugeChart Gauge(ChartBlock chart, string title, CardElement fallback)
    {
        var percent = Math.Round(ChartText.GaugePercent(chart), 1, MidpointRounding.AwayFromZero);
        var used = Math.Clamp(percent, 0m, 100m);
        var color = percent < 75m ? "good" : percent < 100m ? "warning" : "attention";
        var needle = ChartText.Needle(chart);
        var segments = new List<CardGaugeSegment> { new(needle?.Label is { Length: > 0 } label ? label : "Used", used, color) };
        if (used < 100m)
        {
            segments.Add(new CardGaugeSegment("Left", 100m - used, "neutral"));
        }

        return new CardGaugeChart
        {
            Title = title,
            Value = percent,
            Min = 0m,
            Max = 100m,
            ValueFormat = "Percentage",
            SubLabel = needle is not null && chart.Max is { } max ? $"{ChartText.Value(chart, needle.Value)} of {ChartText.Value(chart, max)}" : null,
            Segments = segments,
            Fallback = fallback,
        };
    }

    /// <summary>The chart's numbers as facts under its title: one fact per label, every series' value in it.</summary>
    private static CardContainer Numbers(ChartBlock chart, int maxRows, int maxCell)
    {
        var facts = new List<CardFact>();
        if (chart.Kind == ChartKind.Gauge)
        {
            facts.Add(new CardFact(Cut(ChartText.Needle(chart)?.Label ?? "Used", maxCell), ChartText.GaugeCaption(chart)));
        }
        else
        {
            var categories = ChartText.Categories(chart);
            foreach (var category in categories.Take(maxRows))
            {
                var values = chart.Series
                    .Select(s => (s.Legend, Point: s.Points.FirstOrDefault(p => p.Label == category)))
                    .Where(x => x.Point is not null)
                    .Select(x => chart.Series.Count == 1 ? ChartText.Value(chart, x.Point!.Value) : $"{x.Legend} {ChartText.Value(chart, x.Point!.Value)}");
                facts.Add(new CardFact(Cut(category, maxCell), Cut(string.Join(" · ", values), maxCell)));
            }

            if (categories.Count > maxRows)
            {
                facts.Add(new CardFact("…", $"{categories.Count - maxRows} more not shown"));
            }
        }

        return new CardContainer
        {
            Items =
            [
                new CardTextBlock { Text = Cut(chart.Title, maxCell), Weight = "bolder" },
                new CardFactSet { Facts = facts, Spacing = "small" },
            ],
        };
    }

    /// <summary>The first labels only, so a card stays small; the picture and the numbers say the rest.</summary>
    private static ChartBlock Keep(ChartBlock chart, int maxLabels)
    {
        var categories = ChartText.Categories(chart);
        if (categories.Count <= maxLabels)
        {
            return chart;
        }

        var kept = categories.Take(maxLabels).ToHashSet(StringComparer.Ordinal);
        return chart with { Series = [.. chart.Series.Select(s => s with { Points = [.. s.Points.Where(p => kept.Contains(p.Label))] })] };
    }

    private static List<CardChartValue> Values(ChartSeries? series, int maxCell) =>
        [.. (series?.Points ?? []).Select(p => new CardChartValue(Cut(p.Label, maxCell), Round(p.Value)))];

    /// <summary>Cents are enough on a chart; the exact amounts are in the text.</summary>
    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 1)), "…");
}
