using Quartz;

namespace AiBudgetBot.Outcomes;

/// <summary>Quartz's handle on the monthly nudge (the 1st at 10:00 in the organization's zone, after the monthly review).</summary>
public sealed class OutcomeNudgeJob(OutcomeNudges nudges, ILogger<OutcomeNudgeJob> logger) : IJob
{
    public const string Name = "outcome-nudge";

    public const string Cron = "0 0 10 1 * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await nudges.RunAsync(null, cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or Storage.StoreUnavailableException)
        {
            // Teams already nudged are marked; the rest are nudged on the next run.
            logger.LogWarning(e, "outcome-nudge could not run");
        }
    }
}
