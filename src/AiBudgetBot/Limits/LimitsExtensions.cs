namespace AiBudgetBot.Limits;

public static class LimitsExtensions
{
    /// <summary>Stage rules, review triggers and authorize.</summary>
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PartitionContexts>();
        builder.Services.AddSingleton<AuthorizationService>();
        builder.Services.AddSingleton<StoreDownAnswers>();
        builder.Services.AddHostedService<LeaseReturn>();
        return builder;
    }
}
