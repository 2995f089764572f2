using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>
/// Premium models used where the task looks small: frontier and reasoning spend in workflows
/// whose calls answer briefly (average output at or under <see cref="AnalyticsSettings.ShortOutputTokens"/>).
/// </summary>
/// <param name="PremiumShare">Share of all spend on frontier and reasoning models, 0..1.</param>
/// <param name="ShortOutputPremiumShare">Share of all spend on those models in short-output workflows, 0..1.</param>
/// <param name="Lines">The workflow and model pairs behind <paramref name="ShortOutputPremiumShare"/>, biggest first.</param>
public sealed record ExpensiveDefaults(decimal PremiumShare, decimal ShortOutputPremiumShare, IReadOnlyList<PairLine> Lines, string? TopPremiumModel)
{
    public static bool IsPremium(ModelTier? tier) => tier is ModelTier.Frontier or ModelTier.Reasoning;

    public static ExpensiveDefaults Of(UsageBreakdown usage, Func<string, ModelTier?> tierOf, AnalyticsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(tierOf);
        ArgumentNullException.ThrowIfNull(settings);
        var premiumModels = usage.ByModel.Where(m => IsPremium(tierOf(m.Key))).OrderByDescending(m => m.Value.Cost).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        var lines = usage.ByWorkflowModel
            .Select(p => (Pair: LedgerState.SplitPair(p.Key), Line: p.Value))
            .Where(p => p.Pair.Workflow != LedgerState.Others && IsPremium(tierOf(p.Pair.Model))
                && usage.ByWorkflow.TryGetValue(p.Pair.Workflow, out var workflow) && workflow.AverageOutputTokens <= settings.ShortOutputTokens)
            .Select(p => new PairLine(p.Pair.Workflow, p.Pair.Model, p.Line))
            .OrderByDescending(p => p.Line.Cost)
            .ThenBy(p => p.Workflow, StringComparer.Ordinal)
            .ToList();
        return new ExpensiveDefaults(
            usage.ShareOf(premiumModels.Sum(m => m.Value.Cost)),
            usage.ShareOf(lines.Sum(l => l.Line.Cost)),
            lines,
            premiumModels.Select(m => m.Key).FirstOrDefault());
    }
}

/// <summary>What one workflow spent on one model.</summary>
public sealed record PairLine(string Workflow, string Model, SpendLine Line);
