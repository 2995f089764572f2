using AiBudgetBot.Notifications;
using AiBudgetBot.Storage;
using Azure.Data.Tables;
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
        services.AddHttpClient(nameof(BotSigningKeys));
        services.AddHttpClient(nameof(BotTokenProvider));
        services.AddHttpClient<ConnectorClient>();
        services.TryAddSingleton<BotSigningKeys>();
        services.TryAddSingleton<BotTokenValidator>();
        services.TryAddSingleton<BotTokenProvider>();
        services.TryAddSingleton<ConnectorRetryDelay>();
        services.TryAddScoped<TeamsActivityHandler>();

        // The storage area may already have registered these; Teams only needs them to exist.
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.TryAddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.TryAddSingleton<Tables>();
        services.TryAddSingleton<ITeamsConversationStore, TableTeamsConversationStore>();

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
