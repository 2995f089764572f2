using AiBudgetBot.Http;

namespace AiBudgetBot.Scheduling;

public static class JobsApi
{
    /// <summary><c>POST /api/v1/admin/jobs/{job}/run[?force=true]</c> (CONTRACT.md).</summary>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapPost("/jobs/{job}/run", async (string job, bool? force, JobRunner runner, CancellationToken ct) =>
            await runner.RunAsync(job, force ?? false, ct) is { } run
                ? Results.Ok(run)
                : Problems.NotFound($"No job '{job}' is scheduled in this deployment. Jobs: {string.Join(", ", JobRunner.Known)}."));
        return app;
    }
}
