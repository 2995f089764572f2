using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;
using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// A job on a cron in the organization's zone with a slot per period (<c>2026-W49</c>,
/// <c>2026-11</c>): the weekly digest, the monthly review, the outcome nudge.
/// </summary>
/// <param name="catchUpDays">How far back a missed fire is run at start (0: never).</param>
public abstract class CronJob(string name, string cron, CronSlot slot, IOptions<OrganizationOptions> organization, Func<int> catchUpDays) : IScheduledJob
{
    private CronSchedule? _schedule;

    public string Name => name;

    protected CronSchedule ScheduleOf => _schedule ??= new CronSchedule(cron, slot, organization.Value.Calendar());

    public string Describe => $"{cron} in {organization.Value.TimeZone}";

    public TimeSpan History => TimeSpan.FromDays(400);

    public string SlotAt(DateTimeOffset instant) => ScheduleOf.PeriodOf(ScheduleOf.LastFire(instant, TimeSpan.FromDays(40)) ?? instant);

    public string? CheckPeriod(string period) =>
        ScheduleOf.IsPeriod(period) ? null : $"period '{period}' is not valid for {name}: use {ScheduleOf.PeriodFormat}.";

    public DateTimeOffset? NextFireAfter(DateTimeOffset instant) => ScheduleOf.NextAfter(instant);

    public string? CatchUpSlot(DateTimeOffset now) =>
        catchUpDays() is > 0 and var days && ScheduleOf.LastFire(now, TimeSpan.FromDays(days)) is { } fire ? ScheduleOf.PeriodOf(fire) : null;

    public void Schedule(ITriggerConfigurator<ScheduledJobAdapter> trigger) =>
        trigger.WithCronSchedule(cron, c => c.InTimeZone(organization.Value.Calendar().Zone));

    public abstract Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken);
}
