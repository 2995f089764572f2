using System.Globalization;
using AiBudgetBot.Approvals;
using Microsoft.Extensions.Options;
using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>The expiry of overrides and pending requests every few minutes; the slot is the run's interval in UTC.</summary>
public sealed class OverrideExpiryJob(RequestExpiry expiry, IOptions<ApprovalsOptions> approvals) : IScheduledJob
{
    public const string JobName = "override-expiry";

    private int Minutes => Math.Clamp(approvals.Value.ExpiryCheckMinutes, 1, 60);

    public string Name => JobName;

    public string Describe => $"every {Minutes} minutes";

    public TimeSpan History => TimeSpan.FromHours(2);

    public string SlotAt(DateTimeOffset instant) => Slot(instant, Minutes);

    public string? CheckPeriod(string period) =>
        DateTimeOffset.TryParseExact(period, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : $"period '{period}' is not valid for {JobName}: use yyyy-MM-ddTHH:mm in UTC, or leave it out for now.";

    public DateTimeOffset? NextFireAfter(DateTimeOffset instant)
    {
        var floor = DateTimeOffset.ParseExact(Slot(instant, Minutes), "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return floor.AddMinutes(Minutes);
    }

    /// <summary>Runs often enough that a missed slot needs no catch-up.</summary>
    public string? CatchUpSlot(DateTimeOffset now) => null;

    public void Schedule(ITriggerConfigurator<ScheduledJobAdapter> trigger) =>
        trigger.StartNow().WithSimpleSchedule(TimeSpan.FromMinutes(Minutes), null);

    public async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken) =>
        new([], 0, await expiry.RunAsync(cancellationToken));

    /// <summary>The run's slot: the instant rounded down to the job's interval, in UTC minutes.</summary>
    internal static string Slot(DateTimeOffset now, int minutes)
    {
        var utc = now.ToUniversalTime();
        var floored = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute - (utc.Minute % minutes), 0, TimeSpan.Zero);
        return floored.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }
}
