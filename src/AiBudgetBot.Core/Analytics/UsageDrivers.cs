using System.Globalization;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>A named reason spend is what it is, with what to change.</summary>
/// <param name="Kind">concentration, long-context or premium-default.</param>
public sealed record UsageDriver(string Kind, string Finding, string Change);

/// <summary>
/// The three cost drivers the organization's FinOps practice names: spend concentrated in a
/// few users, long context windows, and an expensive default model. Thresholds are chosen to
/// flag only what a manager should act on this month.
/// </summary>
public static class UsageDrivers
{
    public const string Concentration = "concentration";
    public const string LongContext = "long-context";
    public const string PremiumDefault = "premium-default";

    /// <summary>The "top 5 % of users" of the practice note; at least one user.</summary>
    public const decimal TopUserFraction = 0.05m;

    /// <summary>Flag concentration when those users carry at least half of the spend.</summary>
    public const decimal ConcentrationShare = 0.5m;

    /// <summary>Average input tokens per call above which a workflow or user counts as long-context.</summary>
    public const long LongContextTokens = 8_000;

    /// <summary>A long-context workflow must carry this share of spend to be worth naming.</summary>
    public const decimal LongContextMinimumShare = 0.1m;

    /// <summary>Flag an expensive default when frontier and reasoning models carry at least this share.</summary>
    public const decimal PremiumShare = 0.5m;

    private static readonly string[] PremiumTiers = ["frontier", "reasoning"];

    /// <param name="tierOf">The price tier of a model name, when the catalog knows it.</param>
    public static IReadOnlyList<UsageDriver> Find(UsageBreakdown usage, Func<string, ModelTier?> tierOf)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(tierOf);
        var drivers = new List<UsageDriver>();
        if (usage.Total <= 0m)
        {
            return drivers;
        }

        if (FindConcentration(usage) is { } concentration)
        {
            drivers.Add(concentration);
        }

        if (FindLongContext(usage) is { } longContext)
        {
            drivers.Add(longContext);
        }

        if (FindPremiumDefault(usage, tierOf) is { } premium)
        {
            drivers.Add(premium);
        }

        return drivers;
    }

    private static UsageDriver? FindConcentration(UsageBreakdown usage)
    {
        var users = usage.ByUser.Where(u => u.Key != LedgerState.Unattributed).OrderByDescending(u => u.Value.Cost).ToList();
        if (users.Count < 2)
        {
            return null;
        }

        var top = users.Take((int)Math.Max(1, Math.Ceiling(users.Count * TopUserFraction))).ToList();
        var share = usage.ShareOf(top.Sum(u => u.Value.Cost));
        if (share < ConcentrationShare)
        {
            return null;
        }

        var names = string.Join(", ", top.Take(3).Select(u => u.Key)) + (top.Count > 3 ? ", …" : "");
        var who = top.Count == 1 ? $"1 of {users.Count} users ({names})" : $"{top.Count} of {users.Count} users ({names})";
        var topInput = Average(top.Sum(u => u.Value.InputTokens), top.Sum(u => u.Value.Calls));
        var restInput = Average(users.Skip(top.Count).Sum(u => u.Value.InputTokens), users.Skip(top.Count).Sum(u => u.Value.Calls));
        var context = topInput >= LongContextTokens && topInput > 2 * restInput
            ? $" They send {Tokens(topInput)} input tokens per call against {Tokens(restInput)} for everyone else."
            : "";
        return new UsageDriver(
            Concentration,
            $"{who} made {Percent(share)} of the spend.{context}",
            "Start with them: targeted training on shorter prompts, or a cheaper task-specific model for their work.");
    }

    private static UsageDriver? FindLongContext(UsageBreakdown usage)
    {
        var workflow = usage.ByWorkflow
            .Where(w => w.Value.AverageInputTokens >= LongContextTokens && usage.ShareOf(w.Value.Cost) >= LongContextMinimumShare)
            .OrderByDescending(w => w.Value.Cost)
            .FirstOrDefault();
        if (workflow.Key is null)
        {
            return null;
        }

        var name = workflow.Key == LedgerState.Unattributed ? "Calls without a workflow" : workflow.Key;
        return new UsageDriver(
            LongContext,
            $"{name} averages {Tokens(workflow.Value.AverageInputTokens)} input tokens per call ({Percent(usage.ShareOf(workflow.Value.Cost))} of the spend).",
            "Send less with each call: retrieve fewer documents, summarise the history, and cache the shared prompt prefix.");
    }

    private static UsageDriver? FindPremiumDefault(UsageBreakdown usage, Func<string, ModelTier?> tierOf)
    {
        var premium = usage.ByTier.Where(t => PremiumTiers.Contains(t.Key, StringComparer.OrdinalIgnoreCase)).Sum(t => t.Value.Cost);
        var share = usage.ShareOf(premium);
        if (share < PremiumShare)
        {
            return null;
        }

        var model = usage.ByModel
            .Where(m => tierOf(m.Key) is ModelTier.Frontier or ModelTier.Reasoning)
            .OrderByDescending(m => m.Value.Cost)
            .Select(m => m.Key)
            .FirstOrDefault();
        var mostly = model is null ? "" : $", mostly {model}";
        return new UsageDriver(
            PremiumDefault,
            $"{Percent(share)} of the spend went to frontier and reasoning models{mostly}.",
            "Make a standard or economy model the default and keep the premium one for the tasks that need its reasoning.");
    }

    private static decimal Average(long tokens, long calls) => calls == 0 ? 0m : (decimal)tokens / calls;

    private static string Tokens(decimal tokens) => decimal.Round(tokens, 0, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(decimal share) => decimal.Round(share * 100m, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %";
}
