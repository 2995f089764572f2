using System.Globalization;

namespace AiBudgetBot.Tests.Telemetry;

/// <summary>Reads samples out of a Prometheus text-format scrape.</summary>
public static class PrometheusText
{
    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/> (<c>outcome="accepted"</c>); null when there is none.</summary>
    public static double? Value(string scrape, string metric, params string[] labels)
    {
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            string labelText = "";
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                labelText = rest[1..close];
                rest = rest[(close + 1)..];
            }
            else if (!rest.StartsWith(' '))
            {
                continue; // a longer name that starts the same (aibudget_x vs aibudget_x_total)
            }

            var parts = labelText.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (labels.All(l => parts.Contains(l)))
            {
                sum = (sum ?? 0) + double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
