using System.Globalization;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>Move one workflow's calls from a model to a cheaper one of the same provider, and what that saves a month.</summary>
/// <param name="Workflow">Null when the breakdown has no per-workflow models (the whole model's spend).</param>
/// <param name="CurrentCost">What the calls cost in the analysed period.</param>
/// <param name="AlternativeCost">The same input and output tokens at the alternative's list price, in the same period.</param>
/// <param name="MonthlySaving">(current − alternative) scaled to a whole month, rounded to the cent.</param>
/// <param name="Assumption">What the saving assumes, said in the message.</param>
public sealed record Recommendation(
    string? Workflow,
    string Model,
    ModelTier Tier,
    string Alternative,
    ModelTier AlternativeTier,
    decimal CurrentCost,
    decimal AlternativeCost,
    decimal MonthlySaving,
    string Assumption);

/// <summary>
/// Prices the same token mix at a cheaper tier of the same provider. Only standard and economy
/// models are offered as alternatives (a reasoning model adds hidden tokens, so it is no like-for-like
/// swap); among the nearest cheaper tier the dearest model is chosen, so the saving is the cautious one.
/// </summary>
public static class Savings
{
    public const int MaxRecommendations = 3;

    /// <param name="date">The date whose list prices apply (the period's last analysed day).</param>
    /// <param name="monthScale">Multiplier from the analysed spend to a month: 1 for a whole month, 1/elapsed for a month to date.</param>
    public static IReadOnlyList<Recommendation> Find(UsageBreakdown usage, PriceCatalog catalog, DateOnly date, decimal monthScale)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(catalog);
        var current = catalog.All.Select(p => p.Model).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(m => catalog.Find(m, date))
            .OfType<ModelPrice>()
            .ToList();
        var lines = usage.ByWorkflowModel.Count > 0
            ? usage.ByWorkflowModel.Select(p => (Pair: LedgerState.SplitPair(p.Key), Line: p.Value)).Select(p => ((string?)p.Pair.Workflow, p.Pair.Model, p.Line))
            : usage.ByModel.Select(m => ((string?)null, m.Key, m.Value));
        var found = new List<Recommendation>();
        foreach (var (workflow, model, line) in lines)
        {
            if (model == LedgerState.Others || workflow == LedgerState.Others || line.Cost <= 0m || catalog.Find(model, date) is not { } price)
            {
                continue;
            }

            var tokens = new TokenCounts(line.InputTokens, line.OutputTokens, 0);
            var alternative = current
                .Where(p => p.Tier is ModelTier.Standard or ModelTier.Economy && p.Tier > price.Tier
                    && string.Equals(p.Provider, price.Provider, StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.Tier)
                .ThenByDescending(p => PriceCatalog.Cost(p, tokens))
                .ThenBy(p => p.Model, StringComparer.Ordinal)
                .FirstOrDefault();
            if (alternative is null)
            {
                continue;
            }

            var alternativeCost = PriceCatalog.Cost(alternative, tokens);
            var saving = decimal.Round((line.Cost - alternativeCost) * monthScale, 2, MidpointRounding.AwayFromZero);
            if (saving <= 0m)
            {
                continue;
            }

            found.Add(new Recommendation(
                workflow == LedgerState.Unattributed ? null : workflow,
                model,
                price.Tier,
                alternative.Model,
                alternative.Tier,
                line.Cost,
                alternativeCost,
                saving,
                Assumption(alternative, line, monthScale)));
        }

        return [.. found.OrderByDescending(r => r.MonthlySaving).ThenBy(r => r.Workflow, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal).Take(MaxRecommendations)];
    }

    private static string Assumption(ModelPrice alternative, SpendLine line, decimal monthScale)
    {
        var pace = monthScale == 1m ? "" : " so far, continued at the same pace for the whole month";
        return string.Create(CultureInfo.InvariantCulture,
            $"Assumes the same {line.InputTokens:N0} input and {line.OutputTokens:N0} output tokens{pace} at {alternative.Model}'s list price, without cache discounts, and that {alternative.Model} does the task well enough: try it on a sample first.");
    }
}
