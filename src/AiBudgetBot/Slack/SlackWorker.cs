using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// Runs <see cref="SlackWorkQueue"/> jobs with a few parallel readers, so one channel's pacing
/// or a slow handler does not hold up everyone else. A failed job is logged, never retried here:
/// the user sees no answer and can ask again, which beats answering twice.
/// </summary>
internal sealed class SlackWorker(
    SlackWorkQueue queue,
    IServiceScopeFactory scopes,
    IOptions<SlackOptions> options,
    ILogger<SlackWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => ReadLoopAsync(stoppingToken)));

    private async Task ReadLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAsync(SlackWorkItem item, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await item.Run(scope.ServiceProvider, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One bad job must not stop the worker; it is logged with its description.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Slack background work failed: {Work}", item.Description);
        }
    }
}
