using System.Globalization;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Analytics;

/// <summary>A named reason spend is what it is, with what to change.</summary>
/// <param name="Kind">concentration, long-context or premium-default.</param>
public sealed record UsageDriver(string Kind, string Finding, string Change);

/// <summary>
/// The three cost drivers the organization's FinOps practice names, in words: spend concentrated
/// in a few users, long context windows, and an expensive default model. The numbers come from
/// <see cref="Concentration"/>, <see cref="LongContexts"/> and <see cref="ExpensiveDefaults"/>, the
/// same analysis the digest and the monthly review show; thresholds flag only what a manager
/// should act on this month.
/// </summary>
public static class UsageDrivers
{
    public const string Concentration = "concentration";
    public const string LongContext = "long-context";
    public const string PremiumDefault = "premium-default";

    /// <summary>Flag concentration when the top 5 % of users carry at least half of the spend.</summary>
    public const decimal ConcentrationShare = 0.5m;

    /// <summary>A long-context workflow must carry this share of spend to be worth naming.</summary>
    public const decimal LongContextMinimumShare = 0.1m;

    /// <summary>Flag an expensive default when frontier and reasoning models carry at least this share.</summary>
    public const decimal PremiumShare = 0.5m;

    /// <param name="tierOf">The price tier of a model name, when the catalog knows it.</param>
    public static IReadOnlyList<UsageDriver> Find(UsageBreakdown usage, Func<string, ModelTier?> tierOf, AnalyticsSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(tierOf);
        settings ??= AnalyticsSettings.Default;
        var drivers = new List<UsageDriver>();
        if (usage.Total <= 0m)
        {
            return drivers;
        }

        if (FindConcentration(usage, Analytics.Concentration.Of(usage), settings) is { } concentration)
        {
            drivers.Add(concentration);
        }

        if (FindLongContext(usage, LongContexts.Of(usage, settings)) is { } longContext)
        {
            drivers.Add(longContext);
        }

        if (FindPremiumDefault(ExpensiveDefaults.Of(usage, tierOf, settings), settings) is { } premium)
        {
            drivers.Add(premium);
        }

        return drivers;
    }

    private static UsageDriver? FindConcentration(UsageBreakdown usage, Concentration found, AnalyticsSettings settings)
    {
        if (found.Users < 2 || found.TopUserShare < ConcentrationShare)
        {
            return null;
        }

        var names = string.Join(", ", found.TopUsers.Take(3)) + (found.TopUsers.Count > 3 ? ", …" : "");
        var who = $"{found.TopUsers.Count} of {found.Users} users ({names})";
        var top = found.TopUsers.Select(u => usage.ByUser[u]).ToList();
        var rest = Analytics.Concentration.Named(usage.ByUser).Where(u => !found.TopUsers.Contains(u.Key, StringComparer.OrdinalIgnoreCase)).Select(u => u.Value).ToList();
        var topInput = Average(top.Sum(u => u.InputTokens), top.Sum(u => u.Calls));
        var restInput = Average(rest.Sum(u => u.InputTokens), rest.Sum(u => u.Calls));
        var context = topInput >= settings.LongContextTokens && topInput > 2 * restInput
            ? $" They send {Tokens(topInput)} input tokens per call against {Tokens(restInput)} for everyone else."
            : "";
        return new UsageDriver(
            Concentration,
            $"{who} made {Percent(found.TopUserShare)} of the spend.{context}",
            "Start with them: targeted training on shorter prompts, or a cheaper task-specific model for their work.");
    }

    private static UsageDriver? FindLongContext(UsageBreakdown usage, LongContexts found)
    {
        var workflow = found.Workflows.FirstOrDefault(w => usage.ShareOf(w.Cost) >= LongContextMinimumShare);
        if (workflow is null)
        {
            return null;
        }

        var name = workflow.Key == LedgerState.Unattributed ? "Calls without a workflow" : workflow.Key;
        var users = found.Users.Count == 0 ? "" : $" {found.Users.Count} user{(found.Users.Count == 1 ? "" : "s")} above {Tokens(found.Threshold)} tokens per call made {Percent(found.UserCostShare)} of the spend.";
        return new UsageDriver(
            LongContext,
            $"{name} averages {Tokens(workflow.AverageInputTokens)} input tokens per call ({Percent(usage.ShareOf(workflow.Cost))} of the spend).{users}",
            "Send less with each call: retrieve fewer documents, summarise the history, and cache the shared prompt prefix.");
    }

    private static UsageDriver? FindPremiumDefault(ExpensiveDefaults found, AnalyticsSettings settings)
    {
        if (found.PremiumShare < PremiumShare)
        {
            return null;
        }

        var mostly = found.TopPremiumModel is null ? "" : $", mostly {found.TopPremiumModel}";
        var brief = found.ShortOutputPremiumShare > 0m
            ? $" {Percent(found.ShortOutputPremiumShare)} went to them in workflows that answer in under {Tokens(settings.ShortOutputTokens)} tokens ({string.Join(", ", found.Lines.Take(3).Select(l => $"{l.Workflow} on {l.Model}"))})."
            : "";
        return new UsageDriver(
            PremiumDefault,
            $"{Percent(found.PremiumShare)} of the spend went to frontier and reasoning models{mostly}.{brief}",
            "Make a standard or economy model the default and keep the premium one for the tasks that need its reasoning.");
    }

    private static decimal Average(long tokens, long calls) => calls == 0 ? 0m : (decimal)tokens / calls;

    internal static string Tokens(decimal tokens) => decimal.Round(tokens, 0, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);

    internal static string Percent(decimal share) => decimal.Round(share * 100m, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %";
}
