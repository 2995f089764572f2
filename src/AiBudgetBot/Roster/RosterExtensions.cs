using AiBudgetBot.Scheduling;
using AiBudgetBot.Slack;
using AiBudgetBot.Teams;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        // Transient: they hold the platforms' typed HTTP clients.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChannelRoster, TeamsChannelRoster>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IChannelRoster, SlackChannelRoster>());
        services.AddSingleton<RosterSync>();
        services.AddScheduledJob<RosterSyncJob>(RosterSyncJob.JobName);
        return builder;
    }
}
