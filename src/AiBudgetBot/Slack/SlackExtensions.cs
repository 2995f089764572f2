using Microsoft.Extensions.DependencyInjection.Extensions;
using AiBudgetBot.Chat;
using AiBudgetBot.Notifications;

namespace AiBudgetBot.Slack;

/// <summary>Registers and maps the Slack channel: <c>builder.AddSlack()</c>, <c>app.MapSlack()</c>.</summary>
public static class SlackExtensions
{
    public const string RoutePrefix = "/api/slack";
    public const string CommandsPath = "/commands";
    public const string InteractionsPath = "/interactions";
    public const string EventsPath = "/events";

    /// <summary>
    /// Slack options (validated at start), the Web API client, the background worker and the
    /// notification channel. Needs <c>Tables</c> (storage) and an <c>IChatHandler</c> registered elsewhere.
    /// </summary>
    public static WebApplicationBuilder AddSlack(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlackOptions>()
            .BindConfiguration(SlackOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SlackDelay>();
        services.TryAddSingleton<SlackChannelPacer>();
        services.TryAddSingleton<BlockKitRenderer>();
        services.TryAddScoped<SlackMessageComposer>();
        services.TryAddSingleton<SlackWorkQueue>();
        services.TryAddSingleton<SlackEventDeduplicator>();
        services.TryAddSingleton<SlackWorkspace>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPersonLookup, SlackPersonLookup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<Roster.IChannelRoster, SlackChannelRoster>());
        services.AddHttpClient<SlackApiClient>(http => http.Timeout = TimeSpan.FromSeconds(15));
        services.AddHostedService<SlackWorker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAddresses, SlackChannelAddresses>());
        services.AddScoped<SlackNotificationChannel>();
        services.AddScoped<INotificationChannel>(sp => sp.GetRequiredService<SlackNotificationChannel>());
        return builder;
    }

    /// <summary>The three Slack endpoints, all behind signature verification.</summary>
    public static WebApplication MapSlack(this WebApplication app)
    {
        var group = app.MapGroup(RoutePrefix)
            .AddEndpointFilter<SlackRequestVerificationFilter>()
            .DisableAntiforgery()
            .WithTags("Slack");

        group.MapPost(CommandsPath, SlackCommandEndpoint.HandleAsync);
        group.MapPost(EventsPath, SlackEventsEndpoint.Handle);
        group.MapPost(InteractionsPath, SlackInteractionsEndpoint.Handle);
        return app;
    }
}
