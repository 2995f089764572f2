namespace AiBudgetBot.Scheduling;

/// <summary>
/// At start, runs each job's latest slot that no instance ran while the bot was down (within the
/// job's catch-up window). The slot's marker makes it once however many instances start.
/// </summary>
public sealed class CatchUp(JobRunner runner, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<CatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After start, so a slow store never holds up the host (and the outbox is running to deliver).
        await WhenStartedAsync(stoppingToken);
        await RunAsync(stoppingToken);
    }

    /// <summary>Catches up every job once; public so tests can await it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var job in runner.All)
        {
            if (job.CatchUpSlot(time.GetUtcNow()) is not { } slot)
            {
                continue;
            }

            try
            {
                var run = await runner.RunAsync(job.Name, slot, force: false, cancellationToken);
                if (run is { Ran: true })
                {
                    logger.LogInformation("Caught up {Job} for {Slot}", job.Name, slot);
                }
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or Storage.StoreUnavailableException)
            {
                logger.LogWarning(e, "Could not catch up {Job} for {Slot}", job.Name, slot);
            }
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }
}
