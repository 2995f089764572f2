using AiBudgetBot.Charts;
using AiBudgetBot.Chat;
using AiBudgetBot.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Teams;

/// <summary>The Teams area registers and maps itself: <c>builder.AddTeams()</c>, <c>app.MapTeams()</c>.</summary>
public static class TeamsExtensions
{
    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddOptions<TeamsOptions>()
            .BindConfiguration(TeamsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.AllowUnauthenticatedDevelopment || isDevelopment, "Teams:AllowUnauthenticatedDevelopment is only allowed in the Development environment.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        builder.AddCharts();
        services.AddHttpClient(nameof(BotSigningKeys));
        services.AddHttpClient(nameof(BotTokenProvider));
        services.AddHttpClient<ConnectorClient>();
        services.TryAddSingleton<BotSigningKeys>();
        services.TryAddSingleton<BotTokenValidator>();
        services.TryAddSingleton<BotTokenProvider>();
        services.TryAddSingleton<ConnectorRetryDelay>();
        services.TryAddScoped<TeamsActivityHandler>();

        // Conversation references live in Table Storage (builder.AddStorage() registers Tables).
        services.TryAddSingleton<ITeamsConversationStore, TableTeamsConversationStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAddresses, TeamsChannelAddresses>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPersonLookup, TeamsPersonLookup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<Roster.IChannelRoster, TeamsChannelRoster>());

        services.TryAddEnumerable(ServiceDescriptor.Transient<INotificationChannel, TeamsNotificationChannel>());
        return builder;
    }

    /// <summary>Maps <c>POST /api/messages</c> when Teams is configured (or in explicit development mode).</summary>
    public static WebApplication MapTeams(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value.IsEndpointEnabled)
        {
            app.MapPost(TeamsMessagesEndpoint.Path, TeamsMessagesEndpoint.HandleAsync);
        }

        return app;
    }
}
