using AiBudgetBot.Scheduling;

namespace AiBudgetBot.Digests;

public static class DigestsExtensions
{
    /// <summary>The weekly finance digest and the monthly owner review: options, the aggregate reader, and their two scheduled jobs.</summary>
    public static WebApplicationBuilder AddDigests(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DigestsOptions>()
            .BindConfiguration(DigestsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DigestReader>();
        services.AddSingleton<FinanceChannels>();
        services.AddSingleton<DigestService>();
        services.AddScheduledJob<WeeklyDigestJob>(Core.Digests.DigestSlots.WeeklyDigest);
        services.AddScheduledJob<MonthlyReviewJob>(Core.Digests.DigestSlots.MonthlyReview);
        return builder;
    }
}
