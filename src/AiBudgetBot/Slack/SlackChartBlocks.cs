using System.Text;
using AiBudgetBot.Charts;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>
/// A <see cref="ChartBlock"/> in Block Kit: the uploaded PNG in an image block (<c>slack_file</c>),
/// Slack's native <c>data_visualization</c> block behind <c>Slack:NativeCharts</c>, or, when
/// neither is available, its numbers as text.
/// </summary>
internal static class SlackChartBlocks
{
    /// <summary>Slack's limits for data_visualization (official: 1–6 series/segments; third-party: 20 categories, 20-character labels, 50-character title).</summary>
    internal const int MaxSeries = 6;
    internal const int MaxCategories = 20;
    internal const int MaxLabel = 20;
    internal const int MaxTitle = 50;

    public static IEnumerable<SlackBlock> Render(ChartBlock chart, SlackRenderOptions options)
    {
        if (options.NativeCharts)
        {
            return Native(chart);
        }

        if (options.ChartFiles.TryGetValue(chart, out var fileId))
        {
            return
            [
                new ImageBlockKit(null, SlackMrkdwn.Truncate(ChartText.Summary(chart, SlackLimits.ImageAltText), SlackLimits.ImageAltText))
                {
                    SlackFile = new SlackFileReference(fileId),
                    Title = SlackText.Plain(SlackMrkdwn.Truncate(chart.Title, SlackLimits.ImageAltText)),
                },
            ];
        }

        return BlockKitRenderer.Sections(Numbers(chart));
    }

    /// <summary>"*Spend vs budget*" then one line per label: "*marketing* · Spent $412.10 · Budget $1,000.00".</summary>
    internal static string Numbers(ChartBlock chart)
    {
        var text = new StringBuilder($"*{SlackMrkdwn.Escape(chart.Title)}*\n");
        if (chart.Kind == ChartKind.Gauge)
        {
            text.Append(SlackMrkdwn.Escape(ChartText.GaugeCaption(chart)));
            return text.ToString();
        }

        foreach (var category in ChartText.Categories(chart))
        {
            var values = chart.Series
                .Select(s => (s.Legend, Point: s.Points.FirstOrDefault(p => p.Label == category)))
                .Where(x => x.Point is not null)
                .Select(x => chart.Series.Count == 1 ? ChartText.Value(chart, x.Point!.Value) : $"{SlackMrkdwn.Escape(x.Legend)} {ChartText.Value(chart, x.Point!.Value)}");
            text.Append('*').Append(SlackMrkdwn.Escape(category)).Append("* · ").AppendJoin(" · ", values).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static IEnumerable<SlackBlock> Native(ChartBlock chart)
    {
        var title = Cut(chart.Title, MaxTitle);
        switch (chart.Kind)
        {
            case ChartKind.Donut:
                var slices = chart.Series.Count > 0 ? chart.Series[0].Points.Where(p => p.Value > 0m).OrderByDescending(p => p.Value).ToList() : [];
                yield return new DataVisualizationBlock(title, new SlackChart("pie") { Segments = [.. Fold(slices, MaxSeries)] });
                break;
            case ChartKind.Gauge:
                // Slack has no gauge: used and left as a pie, and the percent in words.
                var needle = ChartText.Needle(chart);
                var used = needle?.Value ?? 0m;
                var max = chart.Max ?? used;
                List<SlackChartDatum> parts = [new(Cut(needle?.Label is { Length: > 0 } l ? l : "Used", MaxLabel), used)];
                if (max > used)
                {
                    parts.Add(new SlackChartDatum("Left", max - used));
                }

                yield return new DataVisualizationBlock(title, new SlackChart("pie") { Segments = parts });
                yield return new ContextBlock([SlackText.Mrkdwn(SlackMrkdwn.Escape(ChartText.GaugeCaption(chart)))]);
                break;
            default:
                var line = chart.Kind == ChartKind.Line;
                var categories = ChartText.Categories(chart);
                // Bars keep the first labels and sum the rest into "Others"; a line keeps its latest points.
                var kept = line ? categories.TakeLast(MaxCategories).ToList() : categories.Take(categories.Count > MaxCategories ? MaxCategories - 1 : MaxCategories).ToList();
                var others = !line && categories.Count > MaxCategories;
                var series = chart.Series.Take(MaxSeries).Select(s => new SlackChartSeries(
                    Cut(s.Legend, MaxLabel),
                    [
                        .. kept.Select(c => new SlackChartDatum(Cut(c, MaxLabel), s.Points.Where(p => p.Label == c).Sum(p => p.Value))),
                        .. others ? [new SlackChartDatum("Others", s.Points.Where(p => !kept.Contains(p.Label)).Sum(p => p.Value))] : Array.Empty<SlackChartDatum>(),
                    ])).ToList();
                List<string> axis = [.. kept.Select(c => Cut(c, MaxLabel))];
                if (others)
                {
                    axis.Add("Others");
                }

                yield return new DataVisualizationBlock(title, new SlackChart(line ? "line" : "bar")
                {
                    Series = series,
                    AxisConfig = new SlackAxisConfig(axis, chart.XAxisTitle, chart.YAxisTitle),
                });
                break;
        }
    }

    private static IEnumerable<SlackChartDatum> Fold(List<ChartPoint> points, int max)
    {
        var keep = points.Count > max ? max - 1 : max;
        foreach (var point in points.Take(keep))
        {
            yield return new SlackChartDatum(Cut(point.Label, MaxLabel), point.Value);
        }

        if (points.Count > max)
        {
            yield return new SlackChartDatum("Others", points.Skip(keep).Sum(p => p.Value));
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
