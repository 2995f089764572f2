namespace AiBudgetBot.Core.Analytics;

/// <summary>The thresholds the cost analysis uses; <see cref="LongContextTokens"/> is the setting <c>Analytics:LongContextTokens</c>.</summary>
/// <param name="LongContextTokens">Average input tokens per call at or above which a user or workflow counts as long-context.</param>
/// <param name="ShortOutputTokens">Average output tokens per call at or below which a premium model is probably more than the task needs.</param>
public sealed record AnalyticsSettings(long LongContextTokens = AnalyticsSettings.DefaultLongContextTokens, long ShortOutputTokens = AnalyticsSettings.DefaultShortOutputTokens)
{
    public const long DefaultLongContextTokens = 32_000;

    public const long DefaultShortOutputTokens = 500;

    public static AnalyticsSettings Default { get; } = new();
}
