using AiBudgetBot.Organization;
using AiBudgetBot.Scheduling;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// The monthly nudge: the 1st at 10:00 in the organization's zone (after the monthly review), for
/// the month just ended. Not caught up at start: a nudge days late reads as noise, and the next
/// month's run asks again. Each team is nudged once per month however often it runs.
/// </summary>
public sealed class OutcomeNudgeJob(OutcomeNudges nudges, IOptions<OrganizationOptions> organization)
    : CronJob(JobName, Cron, CronSlot.MonthJustEnded, organization, () => 0)
{
    public const string JobName = "outcome-nudge";

    public const string Cron = "0 0 10 1 * ?";

    public override async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        var nudged = await nudges.RunAsync(slot, cancellationToken);
        return new JobOutcome([], nudged.Count, new { nudged });
    }
}
