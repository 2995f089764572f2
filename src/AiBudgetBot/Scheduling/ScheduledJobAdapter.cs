using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>Quartz's handle on every <see cref="IScheduledJob"/>: the slot comes from the scheduled fire time, the marker makes it once across instances.</summary>
public sealed class ScheduledJobAdapter(JobRunner runner, ILogger<ScheduledJobAdapter> logger) : IJob
{
    public const string JobKey = "job";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.MergedJobDataMap.GetString(JobKey) ?? context.JobDetail.Key.Name;
        try
        {
            var slot = runner.Find(name)?.SlotAt(context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
            await runner.RunAsync(name, slot, force: false, cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or Storage.StoreUnavailableException or ArgumentException)
        {
            // The next slot tries again; nothing was half-done because every change is conditioned.
            logger.LogWarning(e, "{Job} could not run; retrying at the next slot", name);
        }
    }
}
