using System.Diagnostics;
using AiBudgetBot.Telemetry;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// The scheduled jobs by name, for Quartz and for <c>POST /api/v1/admin/jobs/{job}/run</c>
/// alike, so an operator's run and a timed run take the same marker and do the same work.
/// </summary>
public sealed class JobRunner(IEnumerable<IScheduledJob> jobs, ScheduledRuns runs, BotMetrics metrics, TimeProvider time, ILogger<JobRunner> logger)
{
    private readonly Dictionary<string, IScheduledJob> _jobs = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);

    public IReadOnlyList<string> Known => [.. _jobs.Keys.Order(StringComparer.Ordinal)];

    public IEnumerable<IScheduledJob> All => _jobs.Values.OrderBy(j => j.Name, StringComparer.Ordinal);

    public IScheduledJob? Find(string job) => _jobs.GetValueOrDefault(job);

    /// <summary>Runs <paramref name="job"/> for <paramref name="slot"/> (null: the slot of now) unless that slot already ran and <paramref name="force"/> is false.</summary>
    /// <returns>Null when no such job is scheduled here.</returns>
    /// <exception cref="ArgumentException"><paramref name="slot"/> is not a period of the job.</exception>
    public async Task<JobRun?> RunAsync(string job, string? slot, bool force, CancellationToken cancellationToken)
    {
        if (Find(job) is not { } scheduled)
        {
            return null;
        }

        if (slot is not null && scheduled.CheckPeriod(slot) is { } problem)
        {
            throw new ArgumentException(problem, nameof(slot));
        }

        slot ??= scheduled.SlotAt(time.GetUtcNow());
        using var activity = BotActivities.Source.StartActivity("job.run");
        activity?.SetTag("aibudget.job", job).SetTag("aibudget.slot", slot);
        if (!await runs.ClaimAsync(job, slot, force, cancellationToken))
        {
            metrics.JobRan(job, "skipped");
            return new JobRun(job, slot, Ran: false, null);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await scheduled.RunAsync(slot, force, cancellationToken);
            var duration = Stopwatch.GetElapsedTime(started);
            await runs.CompleteAsync(job, slot, outcome, duration, error: null, cancellationToken);
            metrics.JobRan(job, "succeeded");
            return new JobRun(job, slot, Ran: true, outcome.Detail) { Channels = outcome.Channels, Teams = outcome.Teams, DurationMs = (long)duration.TotalMilliseconds };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The marker keeps the error, so GET /api/v1/admin/jobs shows why; an operator reruns with force=true.
            logger.LogWarning(e, "{Job} for {Slot} failed", job, slot);
            metrics.JobRan(job, "failed");
            await runs.CompleteAsync(job, slot, null, Stopwatch.GetElapsedTime(started), e.Message, CancellationToken.None);
            throw;
        }
    }
}

/// <summary>One run: skipped (another instance or an earlier run had the slot) or what it did.</summary>
public sealed record JobRun(string Job, string Slot, bool Ran, object? Result)
{
    public IReadOnlyList<string> Channels { get; init; } = [];

    public int Teams { get; init; }

    public long DurationMs { get; init; }
}
