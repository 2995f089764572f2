using AiBudgetBot.Http;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Scheduling;

/// <summary><c>GET /api/v1/admin/jobs</c> and <c>POST /api/v1/admin/jobs/{job}/run?period=&amp;force=</c> (CONTRACT.md).</summary>
public static class JobsApi
{
    public const int LastRuns = 10;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapPost("/jobs/{job}/run", async (string job, string? period, bool? force, JobRunner runner, CancellationToken ct) =>
        {
            try
            {
                return await runner.RunAsync(job, string.IsNullOrWhiteSpace(period) ? null : period.Trim(), force ?? false, ct) is { } run
                    ? Results.Ok(run)
                    : Problems.NotFound($"No job '{job}' is scheduled in this deployment. Jobs: {string.Join(", ", runner.Known)}.");
            }
            catch (ArgumentException e)
            {
                return Problems.BadRequest(e.Message.Split(" (Parameter", 2)[0]);
            }
            catch (Exception e) when (Storage.StoreFailures.IsUnavailable(e))
            {
                // The slot could not be claimed or marked: nothing may be assumed to have run; run it again.
                return Problems.Unavailable($"The store did not answer, so '{job}' may not have run. Run it again (the slot's marker keeps it once-only).");
            }
        });
        api.MapGet("/jobs", async (JobRunner runner, ScheduledRuns runs, IOptions<OrganizationOptions> organization, TimeProvider time, CancellationToken ct) =>
        {
            var calendar = organization.Value.Calendar();
            var now = time.GetUtcNow();
            var jobs = new List<JobListing>();
            foreach (var job in runner.All)
            {
                var recent = await runs.RecentAsync(job.Name, job.SlotAt(now - job.History), LastRuns, ct);
                jobs.Add(new JobListing(
                    job.Name,
                    job.Describe,
                    organization.Value.TimeZone,
                    job.NextFireAfter(now) is { } next ? calendar.LocalTime(next) : null,
                    [.. recent.Select(r => r with { ClaimedAt = Local(r.ClaimedAt), CompletedAt = Local(r.CompletedAt) })]));
            }

            return Results.Ok(new { jobs });

            DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } i ? calendar.LocalTime(i) : null;
        });
        return app;
    }
}

/// <summary>One job in <c>GET /api/v1/admin/jobs</c>: times in the organization's zone.</summary>
public sealed record JobListing(string Job, string Schedule, string TimeZone, DateTimeOffset? NextFireTime, IReadOnlyList<RunRecord> LastRuns);
