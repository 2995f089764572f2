using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Digests;

/// <summary>The <c>Analytics</c> section: thresholds of the cost analysis shared by digests, reviews and chat <c>usage</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Average input tokens per call at or above which a user counts as long-context.</summary>
    [Range(1, 10_000_000)]
    public long LongContextTokens { get; set; } = AnalyticsSettings.DefaultLongContextTokens;

    public AnalyticsSettings Settings() => new(LongContextTokens);
}
