using AiBudgetBot.Scheduling;

namespace AiBudgetBot.Roster;

/// <summary>Team membership from linked channels: <c>builder.AddRoster()</c>, <c>app.MapRosterApi()</c>.</summary>
public static class RosterExtensions
{
    public static WebApplicationBuilder AddRoster(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RosterOptions>()
            .BindConfiguration(RosterOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The rosters themselves (IChannelRoster) are registered by the Teams and Slack areas.
        services.AddSingleton<RosterSync>();
        services.AddScheduledJob<RosterSyncJob>(RosterSyncJob.JobName);
        return builder;
    }
}
