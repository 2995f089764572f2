namespace AiBudgetBot.Scheduling;

/// <summary>
/// A job Quartz runs on a schedule and an operator can run now. Each run takes a slot (the
/// period it is for); <see cref="ScheduledRuns"/> makes one slot run once across instances.
/// </summary>
public interface IScheduledJob
{
    /// <summary>The job's name in the admin API ("weekly-digest").</summary>
    string Name { get; }

    /// <summary>How it is scheduled, for people ("0 0 9 ? * MON in Europe/Zurich", "every 5 minutes").</summary>
    string Describe { get; }

    /// <summary>How far back the admin API lists runs.</summary>
    TimeSpan History { get; }

    /// <summary>The slot of a run at <paramref name="instant"/> (a timed fire, or an operator's run now).</summary>
    string SlotAt(DateTimeOffset instant);

    /// <summary>Null when <paramref name="period"/> names a slot of this job; otherwise what a valid one looks like.</summary>
    string? CheckPeriod(string period);

    DateTimeOffset? NextFireAfter(DateTimeOffset instant);

    /// <summary>The slot of the latest fire within the catch-up window, to run at start if no instance ran it; null for none.</summary>
    string? CatchUpSlot(DateTimeOffset now);

    /// <summary>Sets the job's Quartz schedule on <paramref name="trigger"/> (identity and job data are set by <see cref="SchedulingExtensions.AddScheduledJob{TJob}"/>).</summary>
    void Schedule(Quartz.ITriggerConfigurator<ScheduledJobAdapter> trigger);

    Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken);
}

/// <summary>What a run did, for the run record.</summary>
/// <param name="Channels">The channels its messages were queued for.</param>
/// <param name="Teams">How many teams it covered.</param>
/// <param name="Detail">The job's own result (the expiry pass's counts).</param>
public sealed record JobOutcome(IReadOnlyList<string> Channels, int Teams, object? Detail = null);
