using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Storage.Ledger;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Outcomes;

/// <summary>
/// Outcomes in the <c>outcomes</c> table: one row per team, month, workflow and metric, so
/// recording the same metric again replaces it (the latest figure is the team's answer).
/// Partition = team; row = "{month}|{workflow or *}|{metric}", so a month reads as one range.
/// </summary>
public sealed class OutcomeStore(Tables tables)
{
    public const string WholeTeam = "*";

    public async Task UpsertAsync(Outcome outcome, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var entity = new TableEntity(outcome.TeamId.ToLowerInvariant(), RowKey(outcome.Month, outcome.Workflow, outcome.Metric))
        {
            ["Team"] = outcome.TeamId,
            ["Month"] = outcome.Month,
            ["Workflow"] = outcome.Workflow,
            ["Metric"] = outcome.Metric,
            // Table Storage has no decimal: micro-units, like money.
            ["ValueMicros"] = LedgerRowMapper.ToMicros(outcome.Value),
            ["RecordedBy"] = outcome.RecordedBy,
            ["RecordedAt"] = outcome.RecordedAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Outcome>> ForMonthAsync(string teamId, string month, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var from = month + "|";
        var to = month + "}"; // '}' sorts right after '|'
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {teamId.ToLowerInvariant()} and RowKey ge {from} and RowKey lt {to}");
        var outcomes = new List<Outcome>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            outcomes.Add(new Outcome(
                e.GetString("Team"),
                e.GetString("Month"),
                e.GetString("Workflow"),
                e.GetString("Metric"),
                LedgerRowMapper.FromMicros(e.GetInt64("ValueMicros") ?? 0),
                e.GetString("RecordedBy"),
                e.GetDateTimeOffset("RecordedAt") ?? default));
        }

        return outcomes;
    }

    private static string RowKey(string month, string? workflow, string metric) => $"{month}|{workflow?.ToLowerInvariant() ?? WholeTeam}|{metric}";
}
