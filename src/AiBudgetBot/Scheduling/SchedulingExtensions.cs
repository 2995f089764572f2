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
            foreach (var name in Connectors.Costs.CostJobs.Names)
            {
                quartz.ScheduleJob<CostPollJob>(
                    // Hourly at :17 (not at start, so a restart loop does not hammer the provider).
                    trigger => trigger.WithIdentity(name).WithCronSchedule(Connectors.Costs.CostJobs.Cron, cron => cron.InTimeZone(TimeZoneInfo.Utc)),
                    job => job.WithIdentity(name).UsingJobData(CostPollJob.JobKey, name));
            }
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }
}
