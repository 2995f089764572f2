using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>Quartz's handle on the cost pollers; the hourly marker makes each run once across instances.</summary>
public sealed class CostPollJob(JobRunner runner, ILogger<CostPollJob> logger) : IJob
{
    public const string JobKey = "job";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(JobKey) ?? context.JobDetail.Key.Name;
        try
        {
            await runner.RunAsync(name, force: false, cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or Storage.StoreUnavailableException)
        {
            // The next hour reads the same buckets again; bookings are idempotent.
            logger.LogWarning(e, "{Job} could not run; retrying at the next slot", name);
        }
    }
}
