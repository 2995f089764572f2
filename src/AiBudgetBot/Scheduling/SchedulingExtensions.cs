using AiBudgetBot.Approvals;
using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// Quartz with an in-memory store: every instance schedules every job and the marker rows
/// (<see cref="ScheduledRuns"/>) decide which instance does the work, so no shared scheduler
/// database is needed.
/// </summary>
public static class SchedulingExtensions
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ScheduledRuns>();
        services.AddSingleton<JobRunner>();
        var every = TimeSpan.FromMinutes(Math.Clamp(builder.Configuration.GetValue<int?>($"{ApprovalsOptions.Section}:ExpiryCheckMinutes") ?? 5, 1, 60));
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore(_ => { });
            quartz.ScheduleJob<OverrideExpiryJob>(
                trigger => trigger.WithIdentity(JobRunner.OverrideExpiry).StartNow().WithSimpleSchedule(every, null),
                job => job.WithIdentity(JobRunner.OverrideExpiry));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }
}
