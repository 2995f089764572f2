using AiBudgetBot.Organization;

namespace AiBudgetBot.Notifications;

public static class NotificationsExtensions
{
    /// <summary>The outbox dispatcher and the signed webhook channel; Teams and Slack add their own channels.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        builder.Services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Url is not { Length: > 0 } || OutboundUrl.IsAllowed(o.Url), "Webhooks:Url must be https:// (plain http only on loopback).")
            .Validate(o => o.Url is not { Length: > 0 } || o.Secret is { Length: >= 16 }, "Webhooks:Secret is required (at least 16 characters) when Webhooks:Url is set: receivers verify the signature with it.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddHttpClient<INotificationChannel, WebhookChannel>(client => client.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }
}
