using AiBudgetBot.Core.Conversation;
using ScottPlot;
using SkiaSharp;

namespace AiBudgetBot.Charts;

/// <summary>
/// Draws a <see cref="ChartBlock"/> as a PNG with ScottPlot, for Slack (uploaded) and for the
/// signed link Teams' image fallback and the webhook point at. One fixed size so every channel
/// shows the same picture; exact values are printed on the chart because a picture cannot be
/// hovered in a chat client.
/// </summary>
public static class ChartPainter
{
    /// <summary>16:9 and under Teams' 1024×1024 image limit; Slack shows it full width.</summary>
    public const int Width = 800;

    public const int Height = 450;

    /// <summary>Beyond this many bars the value labels collide; the axis still reads.</summary>
    private const int MaxLabelledBars = 16;

    private static readonly Color Ink = Color.FromHex("#1F2937");
    private static readonly Color Muted = Color.FromHex("#6B7280");
    private static readonly Color GridLine = Color.FromHex("#E5E7EB");
    private static readonly Color Track = Color.FromHex("#E5E7EB");
    private static readonly Color Good = Color.FromHex("#16A34A");
    private static readonly Color Warning = Color.FromHex("#F59E0B");
    private static readonly Color Alarm = Color.FromHex("#DC2626");

    /// <summary>Tableau-like colours that stay apart for colour-blind readers in the first four.</summary>
    private static readonly Color[] Palette =
    [
        Color.FromHex("#2563EB"), Color.FromHex("#F59E0B"), Color.FromHex("#10B981"), Color.FromHex("#8B5CF6"),
        Color.FromHex("#EF4444"), Color.FromHex("#06B6D4"), Color.FromHex("#EC4899"), Color.FromHex("#84CC16"),
        Color.FromHex("#64748B"), Color.FromHex("#A16207"),
    ];

    /// <summary>A sans font the machine has (DejaVu on Debian); ScottPlot would otherwise pick a serif.</summary>
    private static readonly Lazy<string> FontName = new(() =>
    {
        var families = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];
        return preferred.FirstOrDefault(families.Contains) ?? Fonts.Default;
    });

    public static byte[] DrawPng(ChartBlock chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        using var plot = new Plot();
        Style(plot, chart);
        if (!chart.Series.Any(s => s.Points.Count > 0))
        {
            Empty(plot);
        }
        else
        {
            switch (chart.Kind)
            {
                case ChartKind.VerticalBar:
                case ChartKind.GroupedVerticalBar:
                    Bars(plot, chart, horizontal: false);
                    break;
                case ChartKind.HorizontalBar:
                    Bars(plot, chart, horizontal: true);
                    break;
                case ChartKind.Donut:
                    Donut(plot, chart);
                    break;
                case ChartKind.Gauge:
                    Gauge(plot, chart);
                    break;
                case ChartKind.Line:
                    Lines(plot, chart);
                    break;
                default:
                    Empty(plot);
                    break;
            }
        }

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void Style(Plot plot, ChartBlock chart)
    {
        plot.Font.Set(FontName.Value);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Muted);
        plot.Title(chart.Title, 20);
        plot.Axes.Title.Label.ForeColor = Ink;
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Frame(false);
        plot.Grid.MajorLineColor = GridLine;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickLabelStyle.FontSize = 13;
            axis.TickLabelStyle.ForeColor = Ink;
            axis.Label.FontSize = 14;
            axis.Label.ForeColor = Muted;
            axis.Label.Bold = false;
            axis.MinorTickStyle.Length = 0;
        }
    }

    private static void Empty(Plot plot)
    {
        plot.Axes.Frameless();
        plot.HideGrid();
        var text = plot.Add.Text("No data for this period yet", 0, 0);
        text.LabelFontSize = 18;
        text.LabelFontColor = Muted;
        text.LabelAlignment = Alignment.MiddleCenter;
        plot.Axes.SetLimits(-1, 1, -1, 1);
    }

    /// <summary>One bar per label and series, side by side; categories along the axis, values on the bars.</summary>
    private static void Bars(Plot plot, ChartBlock chart, bool horizontal)
    {
        var categories = ChartText.Categories(chart);
        var series = chart.Series.Where(s => s.Points.Count > 0).ToList();
        var groupWidth = 0.8;
        var barSize = groupWidth / series.Count;
        var label = categories.Count * series.Count <= MaxLabelledBars;
        var bars = new List<Bar>();
        double max = 0;
        for (var s = 0; s < series.Count; s++)
        {
            var color = series.Count == 1 && chart.Kind != ChartKind.GroupedVerticalBar ? Palette[0] : Palette[s % Palette.Length];
            foreach (var point in series[s].Points)
            {
                var index = IndexOf(categories, point.Label);
                var slot = horizontal ? categories.Count - 1 - index : index;
                var value = (double)point.Value;
                max = Math.Max(max, value);
                bars.Add(new Bar
                {
                    Position = slot - (groupWidth / 2) + (barSize * (s + 0.5)),
                    Value = value,
                    Size = barSize * 0.92,
                    FillColor = color,
                    LineWidth = 0,
                    Label = label ? ChartText.Compact(chart, value) : "",
                    Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
                });
            }
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = horizontal;
        plottable.ValueLabelStyle.FontSize = 12;
        plottable.ValueLabelStyle.ForeColor = Ink;

        var positions = Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray();
        var names = categories.Select(c => Shorten(c, horizontal ? 22 : 16)).ToArray();
        if (horizontal)
        {
            Array.Reverse(names);
            plot.Axes.Left.SetTicks(positions, names);
            plot.Axes.Bottom.TickGenerator = MoneyTicks(chart);
            plot.Grid.XAxisStyle.MajorLineStyle.Width = 1;
            plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
            // Room on the right for the value labels at the bars' ends.
            plot.Axes.SetLimits(0, max <= 0 ? 1 : max * 1.15, -0.6, categories.Count - 0.4);
            Titles(plot, chart.YAxisTitle, chart.XAxisTitle);
        }
        else
        {
            plot.Axes.Bottom.SetTicks(positions, names);
            if (categories.Count > 8)
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            }

            plot.Axes.Left.TickGenerator = MoneyTicks(chart);
            plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, max <= 0 ? 1 : max * 1.12);
            Titles(plot, chart.XAxisTitle, chart.YAxisTitle);
        }

        if (series.Count > 1)
        {
            Legend(plot, series.Select((s, i) => (s.Legend, Palette[i % Palette.Length])));
        }
    }

    /// <summary>A ring with a slice per label; the legend names each with its amount and share, the hole holds the total.</summary>
    private static void Donut(Plot plot, ChartBlock chart)
    {
        var points = chart.Series[0].Points.Where(p => p.Value > 0m).ToList();
        var total = points.Sum(p => p.Value);
        var slices = points.Select((p, i) => new PieSlice
        {
            Value = (double)p.Value,
            FillColor = Palette[i % Palette.Length],
            Label = "",
            LegendText = $"{Shorten(p.Label, 24)}  {ChartText.Value(chart, p.Value)} ({Share(p.Value, total)})",
        }).ToList();
        var pie = plot.Add.Pie(slices);
        pie.DonutFraction = 0.58;
        pie.LineWidth = 2;
        pie.LineColor = Colors.White;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SquareUnits();

        var center = plot.Add.Text(ChartText.Value(chart, total), 0, 0.06);
        center.LabelFontSize = 20;
        center.LabelBold = true;
        center.LabelFontColor = Ink;
        center.LabelAlignment = Alignment.MiddleCenter;
        var caption = plot.Add.Text("total", 0, -0.14);
        caption.LabelFontSize = 13;
        caption.LabelFontColor = Muted;
        caption.LabelAlignment = Alignment.MiddleCenter;

        plot.ShowLegend(Edge.Right);
        PlainLegend(plot);
        plot.Legend.FontSize = 14;
    }

    /// <summary>
    /// A half ring filled to the needle's share of the scale, coloured like the alerts (green under
    /// 75 %, amber to 100 %, red beyond), with the percent and the amounts in its middle.
    /// </summary>
    private static void Gauge(Plot plot, ChartBlock chart)
    {
        var percent = (double)ChartText.GaugePercent(chart);
        var fill = percent < 75 ? Good : percent < 100 ? Warning : Alarm;
        Arc(plot, 0, 1, Track);
        if (percent > 0)
        {
            Arc(plot, 0, Math.Min(percent, 100) / 100, fill);
        }

        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SquareUnits();
        plot.Axes.SetLimits(-1.5, 1.5, -0.45, 1.15);

        var big = plot.Add.Text(percent.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %", 0, 0.22);
        big.LabelFontSize = 40;
        big.LabelBold = true;
        big.LabelFontColor = fill;
        big.LabelAlignment = Alignment.MiddleCenter;
        if (ChartText.Needle(chart) is { } needle && chart.Max is { } max)
        {
            var amounts = plot.Add.Text($"{ChartText.Value(chart, needle.Value)} of {ChartText.Value(chart, max)}", 0, -0.08);
            amounts.LabelFontSize = 16;
            amounts.LabelFontColor = Ink;
            amounts.LabelAlignment = Alignment.MiddleCenter;
            var name = plot.Add.Text(needle.Label, 0, -0.28);
            name.LabelFontSize = 14;
            name.LabelFontColor = Muted;
            name.LabelAlignment = Alignment.MiddleCenter;
        }
    }

    /// <summary>A band of the half ring from <paramref name="from"/> to <paramref name="to"/> (shares of 180°, left to right).</summary>
    private static void Arc(Plot plot, double from, double to, Color color)
    {
        const double Outer = 1.0;
        const double Inner = 0.68;
        const int Steps = 90;
        var outer = new List<Coordinates>();
        var inner = new List<Coordinates>();
        for (var i = 0; i <= Steps; i++)
        {
            var angle = Math.PI * (1 - (from + ((to - from) * i / Steps)));
            outer.Add(new Coordinates(Outer * Math.Cos(angle), Outer * Math.Sin(angle)));
            inner.Add(new Coordinates(Inner * Math.Cos(angle), Inner * Math.Sin(angle)));
        }

        inner.Reverse();
        var polygon = plot.Add.Polygon([.. outer, .. inner]);
        polygon.FillColor = color;
        polygon.LineWidth = 0;
    }

    /// <summary>One line per series over the labels (days, months), with the last value printed at its end.</summary>
    private static void Lines(Plot plot, ChartBlock chart)
    {
        var categories = ChartText.Categories(chart);
        var series = chart.Series.Where(s => s.Points.Count > 0).ToList();
        double max = 0;
        for (var s = 0; s < series.Count; s++)
        {
            var xs = series[s].Points.Select(p => (double)IndexOf(categories, p.Label)).ToArray();
            var ys = series[s].Points.Select(p => (double)p.Value).ToArray();
            max = Math.Max(max, ys.Max());
            var line = plot.Add.Scatter(xs, ys, Palette[s % Palette.Length]);
            line.LineWidth = 3;
            line.MarkerSize = categories.Count <= 31 ? 6 : 0;
            line.LegendText = series[s].Legend;
            var last = plot.Add.Text(ChartText.Compact(chart, ys[^1]), xs[^1], ys[^1]);
            last.LabelFontSize = 12;
            last.LabelFontColor = Palette[s % Palette.Length];
            last.LabelBold = true;
            last.LabelAlignment = Alignment.LowerCenter;
            last.LabelOffsetY = -6;
        }

        // At most ~12 labels along the axis so they never overlap.
        var step = Math.Max(1, (int)Math.Ceiling(categories.Count / 12.0));
        var ticks = Enumerable.Range(0, categories.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => Shorten(categories[i], 12))]);
        plot.Axes.Left.TickGenerator = MoneyTicks(chart);
        plot.Axes.SetLimits(-0.5, Math.Max(1, categories.Count - 1) + 0.8, 0, max <= 0 ? 1 : max * 1.15);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        Titles(plot, chart.XAxisTitle, chart.YAxisTitle);
        if (series.Count > 1)
        {
            Legend(plot, series.Select((s, i) => (s.Legend, Palette[i % Palette.Length])));
        }
    }

    private static void Titles(Plot plot, string? x, string? y)
    {
        plot.XLabel(x ?? "", 14);
        plot.YLabel(y ?? "", 14);
    }

    private static void Legend(Plot plot, IEnumerable<(string Text, Color Color)> items)
    {
        plot.Legend.ManualItems.Clear();
        foreach (var (text, color) in items)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Shorten(text, 24), FillColor = color, LineWidth = 0 });
        }

        plot.Legend.DisplayPlottableLegendItems = false;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        PlainLegend(plot);
    }

    private static void PlainLegend(Plot plot)
    {
        plot.Legend.FontSize = 13;
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.BackgroundColor = Colors.White;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic MoneyTicks(ChartBlock chart) => new()
    {
        LabelFormatter = value => ChartText.Compact(chart, value),
        TargetTickCount = 6,
        IntegerTicksOnly = chart.Currency is null,
    };

    private static int IndexOf(IReadOnlyList<string> categories, string label)
    {
        for (var i = 0; i < categories.Count; i++)
        {
            if (string.Equals(categories[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return 0;
    }

    private static string Share(decimal value, decimal total) =>
        total <= 0m ? "0 %" : (value / total * 100m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %";

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
