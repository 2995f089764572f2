using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Outbox;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Telemetry;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Notifications;

/// <summary>
/// Delivers outbox rows to every notification channel and deletes a row only once each
/// channel that applies has accepted it. A row is leased (ETag-conditioned) before delivery,
/// so with several instances each notification is posted by one of them; a channel that
/// already accepted is remembered on the row, so a retry never posts to it twice.
/// </summary>
public sealed class OutboxDispatcher(
    Tables tables,
    OutboxSignal signal,
    DirectoryStore directory,
    IServiceScopeFactory scopes,
    IOptions<OutboxOptions> options,
    IOptions<OrganizationOptions> organization,
    TimeProvider time,
    BotMetrics metrics,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];

    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweepEvery = TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepSeconds));
        Task<string>? nextSignal = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A sweep finds rows that a crash, a restart or a retry left behind.
                var swept = await PartitionsToSweepAsync(stoppingToken);
                foreach (var partition in swept)
                {
                    await DrainAsync(partition, stoppingToken);
                }

                metrics.Outbox.KeepOnly(swept);

                var sweepDue = Task.Delay(sweepEvery, time, stoppingToken);
                while (true)
                {
                    // One read stays pending across sweeps, so no signal is ever taken and dropped.
                    nextSignal ??= signal.NextAsync(stoppingToken);
                    if (await Task.WhenAny(nextSignal, sweepDue) != nextSignal)
                    {
                        break;
                    }

                    var partition = await nextSignal;
                    nextSignal = null;
                    await DrainAsync(partition, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be down: rows stay put and the next sweep tries again.
                logger.LogWarning(e, "Outbox dispatch failed; retrying at the next sweep");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Delivers what is due in one partition.</summary>
    public async Task DrainAsync(string partition, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {LedgerKeys.OutboxPrefix} and RowKey lt {LedgerKeys.PrefixEnd(LedgerKeys.OutboxPrefix)}");
        // Counted while reading anyway, so the backlog gauge costs no read of its own.
        var waiting = 0L;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var now = time.GetUtcNow();
            if (row.GetDateTimeOffset("NextAttemptAt") > now || row.GetDateTimeOffset("LeaseUntil") > now)
            {
                waiting++;
                continue;
            }

            if (!await DeliverAsync(table, row, cancellationToken))
            {
                waiting++;
            }
        }

        metrics.Outbox.Saw(partition, waiting);
    }

    /// <returns>True when the row is done with (delivered everywhere and deleted, or gone).</returns>
    private async Task<bool> DeliverAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        row["LeaseUntil"] = now.AddSeconds(options.Value.LeaseSeconds);
        row["LeaseOwner"] = _instance;
        ETag etag;
        try
        {
            etag = (await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken)).Headers.ETag!.Value;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return e.Status == 404; // Another instance took it (or finished it) first.
        }

        using var activity = BotActivities.Source.StartActivity("outbox.deliver");

        var notification = OutboxRows.Notification(row);
        var delivered = OutboxRows.Delivered(row);
        var team = (await directory.CurrentAsync(cancellationToken)).FindTeam(notification.TeamId);
        TimeSpan? retryAfter = null;
        var pending = false;
        using (var scope = scopes.CreateScope())
        {
            foreach (var channel in scope.ServiceProvider.GetServices<INotificationChannel>())
            {
                if (delivered.Contains(channel.Name))
                {
                    continue;
                }

                var result = await TryDeliverAsync(channel, notification, team, cancellationToken);
                switch (result.Status)
                {
                    case DeliveryStatus.Delivered or DeliveryStatus.NotApplicable:
                        delivered.Add(channel.Name);
                        break;
                    case DeliveryStatus.Failed:
                        metrics.DeliveryFailed(channel.Name, "failed");
                        logger.LogWarning("Notification {Id} could not be delivered to {Channel}: {Detail}", notification.Id, channel.Name, result.Detail);
                        delivered.Add(channel.Name);
                        break;
                    default:
                        metrics.DeliveryFailed(channel.Name, "retry");
                        pending = true;
                        retryAfter = Max(retryAfter, result.RetryAfter);
                        break;
                }
            }
        }

        try
        {
            if (!pending)
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, etag, cancellationToken);
                return true;
            }

            var attempts = (row.GetInt32("Attempts") ?? 0) + 1;
            var wait = Max(retryAfter, Backoff[Math.Min(attempts - 1, Backoff.Length - 1)])!.Value;
            var update = new TableEntity(row.PartitionKey, row.RowKey)
            {
                ["Attempts"] = attempts,
                ["NextAttemptAt"] = time.GetUtcNow() + wait,
                ["LeaseUntil"] = DateTimeOffset.MinValue.AddYears(1700),
                ["Delivered"] = string.Join(",", delivered),
            };
            await table.UpdateEntityAsync(update, etag, TableUpdateMode.Merge, cancellationToken);
            _ = RemindAsync(row.PartitionKey, wait);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            logger.LogWarning("Outbox row {Row} changed while it was leased by {Instance}", row.RowKey, _instance);
        }

        return false;
    }

    private static async Task<DeliveryResult> TryDeliverAsync(INotificationChannel channel, OutboundNotification notification, Team? team, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.DeliverAsync(notification, team, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return DeliveryResult.Retry(e.Message);
        }
    }

    private async Task RemindAsync(string partition, TimeSpan after)
    {
        await Task.Delay(after + TimeSpan.FromMilliseconds(50), time);
        signal.Notify(partition);
    }

    /// <summary>Every pool's current and previous period, each team's requests partition and the digests partition: where undelivered rows can be.</summary>
    private async Task<IReadOnlySet<string>> PartitionsToSweepAsync(CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var calendar = organization.Value.Calendar();
        var now = time.GetUtcNow();
        var partitions = new HashSet<string>(StringComparer.Ordinal) { OutboxPartitions.Digests, OutboxPartitions.Reconciliation };
        foreach (var team in snapshot.Teams)
        {
            partitions.Add(OutboxPartitions.Requests(team.Id));
            foreach (var pool in snapshot.PoolsOf(team.Id))
            {
                var current = pool.PeriodOf(now, calendar);
                partitions.Add(LedgerKeys.Partition(team.Id, pool.Id, current.Key));
                if (pool.Period != Core.Periods.PeriodKind.Fixed)
                {
                    partitions.Add(LedgerKeys.Partition(team.Id, pool.Id, pool.PeriodOf(current.Start.AddTicks(-1), calendar).Key));
                }
            }
        }

        return partitions;
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
