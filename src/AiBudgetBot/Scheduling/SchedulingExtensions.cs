using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// Quartz with an in-memory store: every instance schedules every job and the marker rows
/// (<see cref="ScheduledRuns"/>) decide which instance does the work, so no shared scheduler
/// database is needed. Each capability adds its jobs with <see cref="AddScheduledJob{TJob}"/>.
/// </summary>
public static class SchedulingExtensions
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ScheduledRuns>();
        services.AddSingleton<JobRunner>();
        services.AddQuartz(quartz => quartz.UseInMemoryStore(_ => { }));
        services.AddScheduledJob<OverrideExpiryJob>(OverrideExpiryJob.JobName);
        services.AddSingleton<CatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<CatchUp>());
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>Registers <typeparamref name="TJob"/> with the runner and with Quartz, on the schedule the job gives.</summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services, string name)
        where TJob : class, IScheduledJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<TJob>());
        services.AddQuartz(quartz => quartz.ScheduleJob<ScheduledJobAdapter>(
            (provider, trigger) =>
            {
                trigger.WithIdentity(name).UsingJobData(ScheduledJobAdapter.JobKey, name);
                provider.GetRequiredService<TJob>().Schedule(trigger);
            },
            (_, job) => job.WithIdentity(name)));
        return services;
    }
}
