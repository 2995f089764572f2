using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>Quartz's handle on the override-expiry pass; the marker makes it once per slot across instances.</summary>
public sealed class OverrideExpiryJob(JobRunner runner, ILogger<OverrideExpiryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunAsync(JobRunner.OverrideExpiry, force: false, cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or Storage.StoreUnavailableException)
        {
            // The next slot tries again; nothing was half-done because every change is conditioned.
            logger.LogWarning(e, "override-expiry could not run; retrying at the next slot");
        }
    }
}
