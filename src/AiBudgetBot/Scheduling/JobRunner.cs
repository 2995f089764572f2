using System.Globalization;
using AiBudgetBot.Approvals;
using AiBudgetBot.Connectors.Costs;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// The scheduled jobs by name, for Quartz and for <c>POST /api/v1/admin/jobs/{job}/run</c>
/// alike, so an operator's run and a timed run take the same marker and do the same work.
/// </summary>
public sealed class JobRunner(ScheduledRuns runs, RequestExpiry expiry, IOptions<ApprovalsOptions> approvals, IServiceProvider services, TimeProvider time)
{
    public const string OverrideExpiry = "override-expiry";

    public static readonly IReadOnlyList<string> Known = [OverrideExpiry, .. CostJobs.Names];

    /// <summary>Runs <paramref name="job"/> for the current slot; null when no such job is scheduled here.</summary>
    public async Task<JobRun?> RunAsync(string job, bool force, CancellationToken cancellationToken)
    {
        if (CostJobs.Names.Contains(job))
        {
            var hour = Slot(time.GetUtcNow(), 60);
            if (!await runs.ClaimAsync(job, hour, force, cancellationToken))
            {
                return new JobRun(job, hour, Ran: false, null);
            }

            return new JobRun(job, hour, Ran: true, await services.GetRequiredService<CostJobs>().RunAsync(job, cancellationToken));
        }

        if (!string.Equals(job, OverrideExpiry, StringComparison.Ordinal))
        {
            return null;
        }

        var slot = Slot(time.GetUtcNow(), approvals.Value.ExpiryCheckMinutes);
        if (!await runs.ClaimAsync(job, slot, force, cancellationToken))
        {
            return new JobRun(job, slot, Ran: false, null);
        }

        return new JobRun(job, slot, Ran: true, await expiry.RunAsync(cancellationToken));
    }

    /// <summary>The run's slot: the instant rounded down to the job's interval, in UTC minutes.</summary>
    internal static string Slot(DateTimeOffset now, int minutes)
    {
        var utc = now.ToUniversalTime();
        var floored = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute - (utc.Minute % minutes), 0, TimeSpan.Zero);
        return floored.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }
}

/// <summary>One run: skipped (another instance or an earlier run had the slot) or what it did.</summary>
public sealed record JobRun(string Job, string Slot, bool Ran, object? Result);
