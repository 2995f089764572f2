using AiBudgetBot.Storage.Ledger;

namespace AiBudgetBot.Limits;

/// <summary>
/// Gives this instance's budget leases back when the host stops, so a deploy or a scale-in
/// strands nothing: what is unused returns to headroom and every decision becomes a hold.
/// A process that dies instead has its leases written off after their TTL.
/// </summary>
internal sealed class LeaseReturn(LedgerWriter writer, ILogger<LeaseReturn> logger) : IHostedService
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(3);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await writer.ReturnLeasesAsync(Within);
        }
        catch (Exception e)
        {
            // The store is down at shutdown: the leases lapse and are written off, never overspent.
            logger.LogWarning(e, "Budget leases could not be returned at shutdown; they will be written off after their TTL");
        }
    }
}
