using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Core.Digests;

/// <summary>
/// The weekly digest's return line: last full month's recorded value against its spend over all
/// teams, and the teams that spent without proving anything (the seed's "track ROI per use case":
/// finance sees the money that has no outcome behind it). Last full month, because a month in
/// progress has its spend but rarely its outcomes yet.
/// </summary>
public static class DigestReturn
{
    /// <summary>Unproven teams named one by one; the rest are summed.</summary>
    public const int NamedUnproven = 10;

    /// <summary>"Return, November": "$39,500 of value on $12,340 spent (3.2×) · 4 teams unproven ($2,100)"; null without reports.</summary>
    public static Fact? Line(IReadOnlyList<RoiReport> reports, string currency)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var spending = reports.Where(r => r.Figures.Spend > 0m).ToList();
        if (spending.Count == 0)
        {
            return null;
        }

        // Summed as money, not as RoiFigures: each team's hours may be valued at its own rate.
        var spend = spending.Sum(r => r.Figures.Spend);
        var worth = spending.Sum(r => r.Figures.Value);
        var unproven = Unproven(reports);
        var value = worth > 0m
            ? $"{RoiText.Money(worth, currency)} of value on {RoiText.Money(spend, currency)} spent ({RoiText.Ratio(worth / spend)})"
            : $"{RoiText.Money(spend, currency)} spent, no value recorded";
        var gaps = unproven.Count == 0
            ? "every spending team has outcomes"
            : $"{unproven.Count} team{(unproven.Count == 1 ? "" : "s")} unproven ({RoiText.Money(unproven.Sum(r => r.Figures.Spend), currency)})";
        return new Fact($"Return, {RoiText.Month(reports[0].Month)}", $"{value} · {gaps}");
    }

    /// <summary>The unproven teams by spend, largest first, for the details.</summary>
    public static IReadOnlyList<RoiReport> Unproven(IReadOnlyList<RoiReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return [.. reports
            .Where(r => r.Classification == RoiClassification.Unproven)
            .OrderByDescending(r => r.Figures.Spend)
            .ThenBy(r => r.TeamId, StringComparer.Ordinal)];
    }

    /// <summary>"• marketing: $1,200, no outcome recorded …" lines, at most <see cref="NamedUnproven"/> and a sum of the rest.</summary>
    public static string? UnprovenList(IReadOnlyList<RoiReport> reports, Func<string, string> teamName, string currency)
    {
        ArgumentNullException.ThrowIfNull(teamName);
        var unproven = Unproven(reports);
        if (unproven.Count == 0)
        {
            return null;
        }

        var lines = unproven.Take(NamedUnproven).Select(r => $"• {teamName(r.TeamId)}: {RoiText.Money(r.Figures.Spend, currency)} spent, no outcome recorded").ToList();
        var rest = unproven.Skip(NamedUnproven).ToList();
        if (rest.Count > 0)
        {
            lines.Add($"• …and {rest.Count} more teams ({RoiText.Money(rest.Sum(r => r.Figures.Spend), currency)})");
        }

        return $"**Spend with no outcome, {RoiText.Month(unproven[0].Month)}** (record one with POST /api/v1/outcomes or `outcome` in chat)\n" + string.Join("\n", lines);
    }
}
