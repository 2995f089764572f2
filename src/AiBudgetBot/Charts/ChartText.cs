using System.Globalization;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Money;

namespace AiBudgetBot.Charts;

/// <summary>
/// How a chart's numbers read as text, the same in every channel: the picture's labels, Teams'
/// fallback, Slack's alt text and the webhook's summary.
/// </summary>
public static class ChartText
{
    /// <summary>"$1,234.50" when the chart is money, "1,234.5" otherwise; a gauge's needle as a percent of its scale.</summary>
    public static string Value(ChartBlock chart, decimal value) =>
        chart.Currency is { } currency && CurrencyCode.IsValid(currency)
            ? new Money(value, CurrencyCode.Normalize(currency)).Format()
            : value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>Axis ticks: "$1.2k", "$15k", "$2.5M" — exact values are on the bars and in the text.</summary>
    public static string Compact(ChartBlock chart, double value)
    {
        var magnitude = Math.Abs(value);
        var number = magnitude switch
        {
            >= 1_000_000 => (magnitude / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 10_000 => (magnitude / 1_000).ToString("0", CultureInfo.InvariantCulture) + "k",
            >= 1_000 => (magnitude / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            >= 10 => magnitude.ToString("0", CultureInfo.InvariantCulture),
            _ => magnitude.ToString("0.##", CultureInfo.InvariantCulture),
        };
        var sign = value < 0 ? "-" : "";
        return chart.Currency is { } currency && CurrencyCode.IsValid(currency)
            ? CurrencyCode.Symbol(CurrencyCode.Normalize(currency)) is { } symbol ? $"{sign}{symbol}{number}" : $"{sign}{number} {currency.ToUpperInvariant()}"
            : sign + number;
    }

    /// <summary>A gauge's needle against its scale, in percent (0 when the scale is missing or zero).</summary>
    public static decimal GaugePercent(ChartBlock chart) =>
        chart.Max is { } max && max > 0m && Needle(chart) is { } needle ? needle.Value / max * 100m : 0m;

    /// <summary>The gauge's one point; null when the chart carries none.</summary>
    public static ChartPoint? Needle(ChartBlock chart) => chart.Series is [{ Points: [var first, ..] }, ..] ? first : null;

    /// <summary>"72 % ($720.00 of $1,000.00)".</summary>
    public static string GaugeCaption(ChartBlock chart)
    {
        var needle = Needle(chart);
        var percent = GaugePercent(chart).ToString("0.#", CultureInfo.InvariantCulture);
        return chart.Max is { } max && needle is not null
            ? $"{percent} % ({Value(chart, needle.Value)} of {Value(chart, max)})"
            : $"{percent} %";
    }

    /// <summary>The labels in order of first appearance across the series (a grouped chart's categories).</summary>
    public static IReadOnlyList<string> Categories(ChartBlock chart) =>
        [.. chart.Series.SelectMany(s => s.Points).Select(p => p.Label).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The chart in one line, for alt texts and previews: "Spend per team: Platform $42,000.00; Data
    /// $31,500.00" or, with several series, "marketing: Spent $412.10, Budget $1,000.00; …".
    /// </summary>
    public static string Summary(ChartBlock chart, int maxLength = 1000)
    {
        string body;
        if (chart.Kind == ChartKind.Gauge)
        {
            body = (Needle(chart)?.Label is { Length: > 0 } label ? label + " " : "") + GaugeCaption(chart);
        }
        else if (chart.Series.Count == 1)
        {
            body = string.Join("; ", chart.Series[0].Points.Select(p => $"{p.Label} {Value(chart, p.Value)}"));
        }
        else
        {
            body = string.Join("; ", Categories(chart).Select(category =>
                category + ": " + string.Join(", ", chart.Series
                    .Select(s => (s.Legend, Point: s.Points.FirstOrDefault(p => p.Label == category)))
                    .Where(x => x.Point is not null)
                    .Select(x => $"{x.Legend} {Value(chart, x.Point!.Value)}"))));
        }

        var text = $"{chart.Title}: {body}";
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
    }
}
