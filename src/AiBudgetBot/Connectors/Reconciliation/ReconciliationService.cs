using System.Globalization;
using AiBudgetBot.Core.Connectors;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Billing;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Storage.Outbox;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Connectors.Reconciliation;

/// <summary>
/// Tracked spend (the event rows of every pool's ledger in the month) against billed spend (cost
/// pollers and FOCUS imports), per provider and team, with what explains the difference. A drift
/// above <c>Reconciliation:DriftPercent</c> tells finance once per month and provider: a marker row
/// and the notice's outbox row are inserted in one transaction, so a second check adds nothing.
/// </summary>
public sealed class ReconciliationService(
    DirectoryStore directory,
    Tables tables,
    BilledStore billed,
    OutboxSignal signal,
    IOptions<ReconciliationOptions> options,
    IOptions<OrganizationOptions> organization,
    TimeProvider time,
    ILogger<ReconciliationService> logger)
{
    public async Task<ReconciliationReport?> ReportAsync(string month, CancellationToken cancellationToken)
    {
        var calendar = organization.Value.Calendar();
        if (calendar.TryParseMonth(month) is not { } period)
        {
            return null;
        }

        var currency = organization.Value.Currency;
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var tracked = new Dictionary<(string Provider, string Team), long>();
        var unknownModels = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var withoutCost = new Dictionary<string, int>(StringComparer.Ordinal);
        var ledger = await tables.GetAsync(Tables.Ledger, cancellationToken);
        foreach (var team in snapshot.Teams)
        {
            foreach (var pool in snapshot.PoolsOf(team.Id))
            {
                // The pool's periods that overlap the month (one for monthly pools).
                var keys = new HashSet<string>(StringComparer.Ordinal) { pool.PeriodOf(period.Start, calendar).Key, pool.PeriodOf(period.End.AddTicks(-1), calendar).Key };
                foreach (var key in keys)
                {
                    var partition = LedgerKeys.Partition(team.Id, pool.Id, key);
                    var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {LedgerKeys.EventPrefix} and RowKey lt {LedgerKeys.PrefixEnd(LedgerKeys.EventPrefix)} and Timestamp0 ge {period.Start} and Timestamp0 lt {period.End}");
                    await foreach (var row in ledger.QueryAsync<TableEntity>(filter, select: ["Model", "Provider", "CostMicros", "Timestamp0"], cancellationToken: cancellationToken))
                    {
                        var model = row.GetString("Model") ?? "";
                        var at = row.GetDateTimeOffset("Timestamp0") ?? period.Start;
                        var provider = row.GetString("Provider") ?? snapshot.Prices.Find(model, DateOnly.FromDateTime(at.UtcDateTime))?.Provider;
                        if (provider is null)
                        {
                            provider = "unknown";
                            Add(unknownModels, provider, model);
                        }

                        provider = provider.ToLowerInvariant();
                        var cost = row.GetInt64("CostMicros") ?? 0;
                        if (cost == 0)
                        {
                            withoutCost[provider] = withoutCost.GetValueOrDefault(provider) + 1;
                        }

                        tracked[(provider, team.Id.ToLowerInvariant())] = tracked.GetValueOrDefault((provider, team.Id.ToLowerInvariant())) + cost;
                    }
                }
            }
        }

        var billedLines = await billed.ReadMonthAsync(month, cancellationToken);
        var providers = tracked.Keys.Select(k => k.Provider).Concat(billedLines.Select(l => l.Provider)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var threshold = options.Value.DriftPercent;
        var result = new List<ProviderReconciliation>();
        foreach (var provider in providers)
        {
            var lines = billedLines.Where(l => l.Provider == provider).ToList();
            var trackedMicros = tracked.Where(t => t.Key.Provider == provider).Sum(t => t.Value);
            var billedMicros = lines.Sum(l => l.AmountMicros);
            var drift = new Drift(Amount(trackedMicros, currency), Amount(billedMicros, currency));
            var teams = lines.Where(l => l.Team is not null).Select(l => l.Team!.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(team =>
                {
                    var teamDrift = new Drift(Amount(tracked.GetValueOrDefault((provider, team)), currency), Amount(lines.Where(l => string.Equals(l.Team, team, StringComparison.OrdinalIgnoreCase)).Sum(l => l.AmountMicros), currency));
                    return new TeamReconciliation(team, teamDrift.Tracked, teamDrift.Billed, teamDrift.Amount, teamDrift.Percent);
                })
                .ToList();
            var explanations = new List<string>();
            var unmapped = lines.Where(l => l.Team is null).ToList();
            if (unmapped.Count > 0)
            {
                var projects = unmapped.Select(l => l.Project ?? "(no project)").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                explanations.Add($"unmapped projects: {string.Join(", ", projects)} billed {Format(Amount(unmapped.Sum(l => l.AmountMicros), currency), currency)} that no team tracks; map them in Connectors:OpenAI:Projects / Connectors:Anthropic:Workspaces or tag them.");
            }

            if (unknownModels.TryGetValue(provider, out var models))
            {
                explanations.Add($"unknown models: {string.Join(", ", models)} have no provider in the event or the price catalog (PUT /api/v1/prices).");
            }

            if (withoutCost.TryGetValue(provider, out var count))
            {
                explanations.Add($"calls without cost: {count.ToString(CultureInfo.InvariantCulture)} tracked call(s) cost nothing (no tokens, or a zero price).");
            }

            result.Add(new ProviderReconciliation(provider, drift.Tracked, drift.Billed, drift.Amount, drift.Percent, drift.Exceeds(threshold), teams, explanations));
        }

        return new ReconciliationReport(month, currency, threshold, result);
    }

    /// <summary>Queues finance's notice for each provider above the threshold that was not told yet; returns how many were queued now.</summary>
    public async Task<int> NotifyAsync(ReconciliationReport report, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        var queued = 0;
        foreach (var provider in report.Providers.Where(p => p.AboveThreshold))
        {
            var id = $"drift-{report.Month}-{provider.Provider}";
            var title = $"{provider.Provider} billed {Format(provider.Billed, report.Currency)} in {report.Month}, {Format(provider.Tracked, report.Currency)} tracked ({provider.DriftPercent?.ToString("0.##", CultureInfo.InvariantCulture)} % drift)";
            var text = title + ". " + (provider.Explanations.Count == 0 ? "No known cause: check for calls that bypass the gateway." : string.Join(" ", provider.Explanations));
            var notification = new OutboundNotification(
                id,
                "reconciliation-drift",
                AuditLogOrganization,
                null,
                report.Month,
                OutgoingMessage.Plain(title, text) with { Tone = MessageTone.Warning },
                new Dictionary<string, object?>
                {
                    ["month"] = report.Month,
                    ["provider"] = provider.Provider,
                    ["tracked"] = provider.Tracked,
                    ["billed"] = provider.Billed,
                    ["drift"] = provider.Drift,
                    ["driftPercent"] = provider.DriftPercent,
                });
            var now = time.GetUtcNow();
            var marker = new TableEntity(OutboxPartitions.Reconciliation, "drift|" + report.Month + "|" + LedgerKeys.Escape(provider.Provider)) { ["NotifiedAt"] = now, ["DriftPercent"] = (double)(provider.DriftPercent ?? 0m) };
            try
            {
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, marker),
                        new TableTransactionAction(TableTransactionActionType.Add, OutboxRows.ToEntity(OutboxPartitions.Reconciliation, notification, now)),
                    ],
                    cancellationToken);
                queued++;
                logger.LogInformation("Finance notified of {Provider} drift in {Month}", provider.Provider, report.Month);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Finance was told of this month and provider already.
            }
        }

        if (queued > 0)
        {
            signal.Notify(OutboxPartitions.Reconciliation);
        }

        return queued;
    }

    /// <summary>Organization-wide notices name no team; channels send them to finance.</summary>
    private const string AuditLogOrganization = "org";

    private static decimal Amount(long micros, string currency) => Money.FromMicros(micros, currency).Amount;

    private static string Format(decimal amount, string currency) => amount.ToString("0.00", CultureInfo.InvariantCulture) + " " + currency;

    private static void Add(Dictionary<string, SortedSet<string>> sets, string key, string value)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add(value);
    }

}
