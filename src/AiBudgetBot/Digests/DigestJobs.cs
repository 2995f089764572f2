using AiBudgetBot.Core.Digests;
using AiBudgetBot.Organization;
using AiBudgetBot.Scheduling;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Digests;

/// <summary>The weekly digest: Monday morning for the ISO week just ended; a missed Monday is caught up at start.</summary>
public sealed class WeeklyDigestJob(DigestService digests, IOptions<OrganizationOptions> organization, IOptions<DigestsOptions> options)
    : CronJob(DigestSlots.WeeklyDigest, options.Value.WeeklyCron, CronSlot.WeekJustEnded, organization, () => options.Value.CatchUpDays)
{
    public override async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        var run = await digests.SendWeeklyAsync(slot, fresh: force, cancellationToken);
        return new JobOutcome(run.Channels, run.Teams);
    }
}

/// <summary>The monthly review: the 1st, for the month just ended; a missed one is caught up at start.</summary>
public sealed class MonthlyReviewJob(DigestService digests, IOptions<OrganizationOptions> organization, IOptions<DigestsOptions> options)
    : CronJob(DigestSlots.MonthlyReview, options.Value.MonthlyCron, CronSlot.MonthJustEnded, organization, () => options.Value.CatchUpDays)
{
    public override async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        var run = await digests.SendMonthlyAsync(slot, fresh: force, cancellationToken);
        return new JobOutcome(run.Channels, run.Teams);
    }
}
