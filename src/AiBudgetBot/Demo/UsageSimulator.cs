using AiBudgetBot.Organization;
using AiBudgetBot.Storage;
using AiBudgetBot.Usage;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Demo;

/// <summary>
/// Plays <see cref="DemoScenario"/> through the real ingestion path (<see cref="UsageIngestion"/>,
/// as if a gateway had posted it): first the last <see cref="DemoOptions.ReplayDays"/> days in seconds, then every
/// <see cref="DemoOptions.TrickleSeconds"/> the minutes just passed. Event ids come from the
/// minute, so a restart replays nothing twice; thresholds, forecasts and reviews fire as they would.
/// </summary>
public sealed class UsageSimulator(
    IOptions<DemoOptions> options,
    IOptions<OrganizationOptions> organization,
    UsageIngestion ingestion,
    TimeProvider time,
    ILogger<UsageSimulator> logger) : BackgroundService
{
    /// <summary>Events per ingestion call: a month at once, so every pool's writer fills whole transactions in parallel.</summary>
    private const int Chunk = 10_000;

    private readonly TaskCompletionSource<SimulatorProgress> _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first replay has been counted (tests and the playground wait for it).</summary>
    public Task<SimulatorProgress> Replayed => _replayed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Simulate)
        {
            return;
        }

        try
        {
            await RunAsync(stoppingToken);
        }
#pragma warning disable CA1031 // Whatever stopped the simulator is logged; the bot keeps serving.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // A demo aid must not take the bot down with it.
            logger.LogError(e, "Demo simulator stopped");
            _replayed.TrySetException(e);
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var scenario = DemoScenario.AsOf(now, organization.Value.Calendar());
        var days = options.Value.ReplayDays;
        var progress = await PlayAsync(scenario, now.AddDays(-days), now, stoppingToken);
        logger.LogInformation(
            "Demo simulator replayed the last {Days} days: {Accepted} calls counted, {Duplicates} already counted, {Rejected} rejected",
            days, progress.Accepted, progress.Duplicates, progress.Rejected);
        _replayed.TrySetResult(progress);

        var from = now;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.TrickleSeconds), time, stoppingToken);
            var to = time.GetUtcNow();
            await PlayAsync(scenario, from, to, stoppingToken);
            from = to;
        }
    }

    /// <summary>Counts the calls of [from, to); an unavailable store is waited out, never skipped.</summary>
    private async Task<SimulatorProgress> PlayAsync(DemoScenario scenario, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var total = new SimulatorProgress(0, 0, 0);
        foreach (var chunk in scenario.Events(from, to).Chunk(Chunk))
        {
            var items = chunk.Select(e => new ParsedItem(e, e.Id, [])).ToList();
            while (true)
            {
                try
                {
                    var result = await ingestion.IngestAsync(items, cancellationToken);
                    if (result.Rejected.Count > 0 && total.Rejected == 0)
                    {
                        logger.LogWarning(
                            "Demo simulator: {Count} calls rejected, e.g. {Errors}. Demo:Simulate needs the demo policy (Policy:Path = config/demo-policy.yaml).",
                            result.Rejected.Count, string.Join(" ", result.Rejected[0].Errors));
                    }

                    total = new SimulatorProgress(total.Accepted + result.Accepted, total.Duplicates + result.Duplicates, total.Rejected + result.Rejected.Count);
                    break;
                }
                catch (StoreUnavailableException e)
                {
                    logger.LogWarning(e, "Demo simulator: the store is unavailable; trying again in 5 s");
                    await Task.Delay(TimeSpan.FromSeconds(5), time, cancellationToken);
                }
            }
        }

        return total;
    }
}

/// <summary>What a replay did: calls counted now, calls an earlier run had counted, calls refused.</summary>
public sealed record SimulatorProgress(int Accepted, int Duplicates, int Rejected);
