using AiBudgetBot.Connectors.Costs;
using AiBudgetBot.Connectors.LiteLlm;
using AiBudgetBot.Connectors.Reconciliation;
using AiBudgetBot.Notifications;
using AiBudgetBot.Organization;
using AiBudgetBot.Scheduling;

namespace AiBudgetBot.Connectors;

public static class ConnectorsExtensions
{
    private const string LiteLlmClientName = "litellm";

    /// <summary>LiteLLM enforcement out, the providers' cost pollers in, and reconciliation of tracked against billed spend.</summary>
    public static WebApplicationBuilder AddConnectors(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConnectorsOptions>()
            .BindConfiguration(ConnectorsOptions.Section)
            .Validate(o => !o.LiteLlm.Enforce || (o.LiteLlm.BaseUrl is { Length: > 0 } url && OutboundUrl.IsAllowed(url)), "Connectors:LiteLlm:BaseUrl is required when Connectors:LiteLlm:Enforce is true, as https:// (plain http only on loopback).")
            .Validate(o => !o.LiteLlm.Enforce || o.LiteLlm.MasterKey is { Length: > 0 }, "Connectors:LiteLlm:MasterKey is required when Connectors:LiteLlm:Enforce is true.")
            .Validate(o => o.LiteLlm.CheckSeconds is >= 1 and <= 3600, "Connectors:LiteLlm:CheckSeconds must be between 1 and 3600.")
            .Validate(o => OutboundUrl.IsAllowed(o.OpenAI.BaseUrl), "Connectors:OpenAI:BaseUrl must be https:// (plain http only on loopback).")
            .Validate(o => OutboundUrl.IsAllowed(o.Anthropic.BaseUrl), "Connectors:Anthropic:BaseUrl must be https:// (plain http only on loopback).")
            .Validate(o => o.SettleHours is >= 0 and <= 24 * 14, "Connectors:SettleHours must be between 0 and 336.")
            .ValidateOnStart();
        services.AddOptions<ReconciliationOptions>()
            .BindConfiguration(ReconciliationOptions.Section)
            .Validate(o => o.DriftPercent >= 0m, "Reconciliation:DriftPercent must not be negative.")
            .ValidateOnStart();

        services.AddSingleton<LiteLlmEnforcer>();
        services.AddHostedService(sp => sp.GetRequiredService<LiteLlmEnforcer>());
        services.AddHttpClient(LiteLlmClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddTransient<INotificationChannel>(sp => ActivatorUtilities.CreateInstance<LiteLlmChannel>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(LiteLlmClientName)));

        services.AddSingleton<ConnectorDelay>();
        services.AddHttpClient<OpenAiCostClient>(client => client.Timeout = TimeSpan.FromSeconds(60));
        services.AddHttpClient<AnthropicCostClient>(client => client.Timeout = TimeSpan.FromSeconds(60));
        services.AddSingleton<CostPoller>();
        services.AddTransient<CostJobs>();
        services.AddScheduledJob<OpenAiCostsJob>(CostJobs.OpenAiCosts);
        services.AddScheduledJob<AnthropicCostsJob>(CostJobs.AnthropicCosts);
        services.AddSingleton<ReconciliationService>();
        return builder;
    }
}
