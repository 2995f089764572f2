using AiBudgetBot.Storage;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// Makes a scheduled run happen once across instances: the run claims a marker row
/// (<c>{job}|{slot}</c>, e.g. <c>override-expiry|2026-12-10T12:05</c>) with an insert, and only
/// the instance whose insert succeeds runs it. A forced run (an operator) skips the claim.
/// </summary>
public sealed class ScheduledRuns(Tables tables, TimeProvider time)
{
    /// <summary>True when this instance may run <paramref name="job"/> for <paramref name="slot"/>.</summary>
    public async Task<bool> ClaimAsync(string job, string slot, bool force, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Markers, cancellationToken);
        var marker = new TableEntity(job, $"{job}|{slot}") { ["ClaimedAt"] = time.GetUtcNow(), ["Forced"] = force };
        try
        {
            await table.AddEntityAsync(marker, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return force;
        }
    }
}
