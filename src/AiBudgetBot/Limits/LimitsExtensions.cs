using AiBudgetBot.Hosting;
using AiBudgetBot.Notifications;
using AiBudgetBot.Storage.Outbox;

namespace AiBudgetBot.Limits;

public static class LimitsExtensions
{
    /// <summary>Stage rules, review triggers, authorize, and the notification outbox with its webhook channel.</summary>
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Url is not { Length: > 0 } || OutboundUrl.IsAllowed(o.Url), "Webhooks:Url must be https:// (plain http only on loopback).")
            .Validate(o => o.Url is not { Length: > 0 } || o.Secret is { Length: >= 16 }, "Webhooks:Secret is required (at least 16 characters) when Webhooks:Url is set: receivers verify the signature with it.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PartitionContexts>();
        builder.Services.AddSingleton<AuthorizationService>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddHttpClient<INotificationChannel, WebhookChannel>(client => client.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }
}
