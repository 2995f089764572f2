using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Billing;

/// <summary>
/// Billed spend by month: partition <c>yyyy-MM</c>, row <c>{provider}|{line id}</c>. A line read
/// again replaces itself (a revised bucket is its latest amount), so re-reading adds nothing.
/// </summary>
public sealed class BilledStore(Tables tables)
{
    public async Task<BilledLine?> FindAsync(string month, string provider, string lineId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Billed, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(month, RowKey(provider, lineId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? ToLine(entity) : null;
    }

    public async Task UpsertAsync(BilledLine line, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Billed, cancellationToken);
        await table.UpsertEntityAsync(ToEntity(line), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Stores many lines of one month, 100 to a transaction.</summary>
    public async Task UpsertManyAsync(IReadOnlyList<BilledLine> lines, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Billed, cancellationToken);
        foreach (var month in lines.GroupBy(l => l.Month))
        {
            // A transaction may not touch one row twice: the last reading of a line wins.
            var distinct = month.GroupBy(l => RowKey(l.Provider, l.LineId)).Select(g => g.Last()).ToList();
            foreach (var chunk in distinct.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(l => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(l))), cancellationToken);
            }
        }
    }

    public async Task<List<BilledLine>> ReadMonthAsync(string month, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Billed, cancellationToken);
        var lines = new List<BilledLine>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {month}"), cancellationToken: cancellationToken))
        {
            lines.Add(ToLine(row));
        }

        return lines;
    }

    private static string RowKey(string provider, string lineId) => Ledger.LedgerKeys.Escape($"{provider}|{lineId}");

    private static TableEntity ToEntity(BilledLine line) => new(line.Month, RowKey(line.Provider, line.LineId))
    {
        ["LineId"] = line.LineId,
        ["Provider"] = line.Provider,
        ["Start"] = line.Start.ToUniversalTime(),
        ["Team"] = line.Team,
        ["Project"] = line.Project,
        ["Model"] = line.Model,
        ["AmountMicros"] = line.AmountMicros,
        ["Source"] = line.Source,
        ["BookedMicros"] = line.BookedMicros,
        ["PendingMicros"] = line.PendingMicros,
    };

    private static BilledLine ToLine(TableEntity row) => new(
        row.GetString("LineId") ?? "",
        row.GetString("Provider") ?? "",
        row.PartitionKey,
        row.GetDateTimeOffset("Start") ?? default,
        row.GetString("Team"),
        row.GetString("Project"),
        row.GetString("Model"),
        row.GetInt64("AmountMicros") ?? 0,
        row.GetString("Source") ?? "",
        row.GetInt64("BookedMicros"),
        row.GetInt64("PendingMicros"));
}
