using AiBudgetBot.Notifications;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Playground;

/// <summary>The playground area: <c>builder.AddPlayground()</c>, then <c>app.MapPlayground()</c>.</summary>
public static class PlaygroundExtensions
{
    /// <summary><c>Playground:Enabled</c>, or when unset, whether this is Development.</summary>
    public static bool IsOn(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(PlaygroundOptions.Section + ":" + nameof(PlaygroundOptions.Enabled)) ?? environment.IsDevelopment();

    public static WebApplicationBuilder AddPlayground(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PlaygroundOptions>()
            .BindConfiguration(PlaygroundOptions.Section)
            .Validate(o => o.FeedSize is >= 1 and <= 10_000, "Playground:FeedSize must be between 1 and 10000.")
            .ValidateOnStart();
        if (!IsOn(builder.Configuration, builder.Environment))
        {
            return builder;
        }

        services.AddSingleton(sp => new PlaygroundFeed(sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value.FeedSize, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INotificationChannel, PlaygroundChannel>();
        services.AddSingleton<PlaygroundRenderer>();
        return builder;
    }
}
