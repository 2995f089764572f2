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

    /// <summary><c>POST /api/v1/admin/jobs/{job}/run[?force=true]</c> (CONTRACT.md).</summary>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin").AddEndpointFilter(new Api.ApiKeyFilter(Api.ApiScope.Admin));
        api.MapPost("/jobs/{job}/run", async (string job, bool? force, JobRunner runner, CancellationToken ct) =>
            await runner.RunAsync(job, force ?? false, ct) is { } run
                ? Results.Ok(run)
                : Api.Problems.NotFound($"No job '{job}' is scheduled in this deployment. Jobs: {string.Join(", ", JobRunner.Known)}."));
        return app;
    }
}
