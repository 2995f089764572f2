using AiBudgetBot.Core.Digests;
using AiBudgetBot.Organization;
using AiBudgetBot.Scheduling;
using Microsoft.Extensions.Options;
using Quartz;

namespace AiBudgetBot.Digests;

/// <summary>
/// The weekly digest and the monthly review as scheduled jobs: cron in the organization's zone,
/// a slot per period (<c>2026-W49</c>, <c>2026-11</c>), and a missed slot caught up at start.
/// </summary>
public abstract class DigestJob(string name, string cron, IOptions<OrganizationOptions> organization, IOptions<DigestsOptions> digests) : IScheduledJob
{
    private DigestSchedule? _schedule;

    public string Name => name;

    protected DigestSchedule ScheduleOf => _schedule ??= new DigestSchedule(name, cron, organization.Value.Calendar());

    public string Describe => $"{cron} in {organization.Value.TimeZone}";

    public TimeSpan History => TimeSpan.FromDays(400);

    public string SlotAt(DateTimeOffset instant) => ScheduleOf.PeriodOf(ScheduleOf.LastFire(instant, TimeSpan.FromDays(40)) ?? instant);

    public string? CheckPeriod(string period) =>
        ScheduleOf.IsPeriod(period) ? null : $"period '{period}' is not valid for {name}: use {ScheduleOf.PeriodFormat}.";

    public DateTimeOffset? NextFireAfter(DateTimeOffset instant) => ScheduleOf.NextAfter(instant);

    public string? CatchUpSlot(DateTimeOffset now) =>
        digests.Value.CatchUpDays > 0 && ScheduleOf.LastFire(now, TimeSpan.FromDays(digests.Value.CatchUpDays)) is { } fire ? ScheduleOf.PeriodOf(fire) : null;

    public void Schedule(ITriggerConfigurator<ScheduledJobAdapter> trigger) =>
        trigger.WithCronSchedule(cron, c => c.InTimeZone(organization.Value.Calendar().Zone));

    public abstract Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken);
}

public sealed class WeeklyDigestJob(DigestService digests, IOptions<OrganizationOptions> organization, IOptions<DigestsOptions> options)
    : DigestJob(DigestSlots.WeeklyDigest, options.Value.WeeklyCron, organization, options)
{
    public override async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        var run = await digests.SendWeeklyAsync(slot, fresh: force, cancellationToken);
        return new JobOutcome(run.Channels, run.Teams);
    }
}

public sealed class MonthlyReviewJob(DigestService digests, IOptions<OrganizationOptions> organization, IOptions<DigestsOptions> options)
    : DigestJob(DigestSlots.MonthlyReview, options.Value.MonthlyCron, organization, options)
{
    public override async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        var run = await digests.SendMonthlyAsync(slot, fresh: force, cancellationToken);
        return new JobOutcome(run.Channels, run.Teams);
    }
}
