using System.Globalization;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;
using Microsoft.Extensions.Options;
using Quartz;

namespace AiBudgetBot.Roster;

/// <summary>
/// Syncs every team that takes its members from a linked channel, every <c>Roster:SyncMinutes</c>;
/// the slot is the interval in UTC, so one instance runs each. A team whose platform fails keeps its
/// members and is listed under <c>failed</c>; the next slot tries again.
/// </summary>
public sealed class RosterSyncJob(RosterSync sync, DirectoryStore directory, IOptions<RosterOptions> options, TimeProvider time, ILogger<RosterSyncJob> logger) : IScheduledJob
{
    public const string JobName = "roster-sync";

    private const string SlotFormat = "yyyy-MM-dd'T'HH:mm";

    private int Minutes => options.Value.SyncMinutes;

    public string Name => JobName;

    public string Describe => $"every {Minutes} minutes";

    public TimeSpan History => TimeSpan.FromMinutes(Minutes * (JobsApi.LastRuns + 1));

    public string SlotAt(DateTimeOffset instant) => Floor(instant).ToString(SlotFormat, CultureInfo.InvariantCulture);

    public string? CheckPeriod(string period) =>
        DateTimeOffset.TryParseExact(period, SlotFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : $"period '{period}' is not valid for {JobName}: use yyyy-MM-ddTHH:mm in UTC, or leave it out for now.";

    public DateTimeOffset? NextFireAfter(DateTimeOffset instant) => Floor(instant).AddMinutes(Minutes);

    /// <summary>The next slot comes soon enough: a missed one needs no catch-up.</summary>
    public string? CatchUpSlot(DateTimeOffset now) => null;

    /// <summary>From the next slot on, not at start: a restart does not read every roster again.</summary>
    public void Schedule(ITriggerConfigurator<ScheduledJobAdapter> trigger) =>
        trigger.StartAt(NextFireAfter(time.GetUtcNow())!.Value).WithSimpleSchedule(TimeSpan.FromMinutes(Minutes), null);

    public async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var teams = snapshot.Teams
            .Where(t => t.MembersFrom == MembersFrom.Channel && (t.Channels.Teams is not null || t.Channels.Slack is not null))
            .OrderBy(t => t.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var synced = new List<RosterSyncReport>();
        var failed = new List<RosterJobFailure>();
        foreach (var team in teams)
        {
            RosterSyncOutcome outcome;
            try
            {
                outcome = await sync.SyncAsync(team.Id, RosterSync.Actor, cancellationToken);
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                // Not this team's fault: reported like a platform failure, and the next slot tries again.
                outcome = RosterSyncOutcome.PlatformFailed($"the budget store did not answer ({e.Message}); nothing more was changed");
            }

            if (outcome.Report is { } report)
            {
                synced.Add(report);
            }
            else
            {
                logger.LogWarning("Roster sync of {Team} for {Slot}: {Detail}", team.Id, slot, outcome.Detail);
                failed.Add(new RosterJobFailure(team.Id, outcome.Detail ?? outcome.Status.ToString()));
            }
        }

        return new JobOutcome([], synced.Count, new RosterJobResult(synced, failed));
    }

    private DateTimeOffset Floor(DateTimeOffset instant)
    {
        var minutes = instant.ToUnixTimeSeconds() / 60;
        return DateTimeOffset.FromUnixTimeSeconds(minutes / Minutes * Minutes * 60);
    }
}

/// <summary>A scheduled sync: each team synced, and each that was not with why.</summary>
public sealed record RosterJobResult(IReadOnlyList<RosterSyncReport> Synced, IReadOnlyList<RosterJobFailure> Failed);

public sealed record RosterJobFailure(string Team, string Detail);
