using System.Text.Json;
using AiBudgetBot.Storage;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Scheduling;

/// <summary>
/// Makes a scheduled run happen once across instances: the run claims a marker row
/// (<c>{job}|{slot}</c>, e.g. <c>weekly-digest|2026-W49</c>) with an insert, and only the
/// instance whose insert succeeds runs it. A forced run (an operator) skips the claim. The
/// marker then records the run: when, channels reached, teams covered, duration, error.
/// </summary>
public sealed class ScheduledRuns(Tables tables, TimeProvider time)
{
    /// <summary>True when this instance may run <paramref name="job"/> for <paramref name="slot"/>.</summary>
    public async Task<bool> ClaimAsync(string job, string slot, bool force, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Markers, cancellationToken);
        var marker = new TableEntity(job, Key(job, slot)) { ["ClaimedAt"] = time.GetUtcNow(), ["Forced"] = force };
        try
        {
            await table.AddEntityAsync(marker, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            if (force)
            {
                await table.UpsertEntityAsync(marker, TableUpdateMode.Replace, cancellationToken);
            }

            return force;
        }
    }

    /// <summary>Records what the run of <paramref name="slot"/> did (or the error that stopped it).</summary>
    public async Task CompleteAsync(string job, string slot, JobOutcome? outcome, TimeSpan duration, string? error, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Markers, cancellationToken);
        var update = new TableEntity(job, Key(job, slot))
        {
            ["CompletedAt"] = time.GetUtcNow(),
            ["DurationMs"] = (long)duration.TotalMilliseconds,
            ["Channels"] = string.Join(",", outcome?.Channels ?? []),
            ["TeamsCovered"] = outcome?.Teams ?? 0,
            ["Error"] = error is null ? "" : error[..Math.Min(error.Length, 1000)],
        };
        await table.UpsertEntityAsync(update, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The runs of <paramref name="job"/> from <paramref name="fromSlot"/> on, newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> RecentAsync(string job, string fromSlot, int count, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Markers, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {job} and RowKey ge {Key(job, fromSlot)}");
        var found = new List<RunRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var channels = row.GetString("Channels");
            found.Add(new RunRecord(
                row.RowKey[(job.Length + 1)..],
                row.GetDateTimeOffset("ClaimedAt"),
                row.GetDateTimeOffset("CompletedAt"),
                row.GetBoolean("Forced") ?? false,
                string.IsNullOrEmpty(channels) ? [] : channels.Split(','),
                row.GetInt32("TeamsCovered"),
                row.GetInt64("DurationMs"),
                row.GetString("Error") is { Length: > 0 } error ? error : null));
        }

        return [.. found.OrderByDescending(r => r.ClaimedAt).Take(count)];
    }

    private static string Key(string job, string slot) => $"{job}|{slot}";
}

/// <summary>One run as the admin API lists it.</summary>
/// <param name="CompletedAt">Null while running, or when the instance stopped mid-run.</param>
public sealed record RunRecord(string Slot, DateTimeOffset? ClaimedAt, DateTimeOffset? CompletedAt, bool Forced, IReadOnlyList<string> Channels, int? Teams, long? DurationMs, string? Error);
