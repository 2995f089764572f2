using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Storage.Ledger;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Outcomes;

/// <summary>
/// Outcomes in the <c>outcomes</c> table, partition = team, so a record, its history and the
/// claim of a pending record change together in one transaction. Rows:
/// <list type="bullet">
/// <item><c>{month}|{workflow or *}|{metric}</c>: the current revision, what ROI reads (a month is one range).</item>
/// <item><c>history|{month}|{workflow or *}|{metric}|{revision}</c>: every revision, never changed: a correction supersedes, it does not overwrite.</item>
/// <item><c>pending|{id}</c>: a member's record waiting for an owner to confirm it.</item>
/// </list>
/// </summary>
public sealed class OutcomeStore(Tables tables)
{
    public const string WholeTeam = Outcome.WholeTeam;

    private const string HistoryPrefix = "history|";
    private const string PendingPrefix = "pending|";
    private const int Attempts = 5;

    /// <summary>
    /// Records <paramref name="outcome"/> as the next revision of its key and returns it with the
    /// revision it superseded. With <paramref name="claim"/>, the pending row is marked decided in
    /// the same transaction, so two owners confirming at once record it once.
    /// </summary>
    public async Task<RecordedOutcome> RecordAsync(Outcome outcome, PendingClaim? claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var partition = Partition(outcome.TeamId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, outcome.Key, cancellationToken: cancellationToken);
            var previous = current.HasValue && current.Value is { } row ? ToOutcome(row) : null;
            var next = OutcomeRules.Supersede(previous, outcome);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, ToEntity(partition, HistoryKey(next), next)),
                previous is null
                    ? new(TableTransactionActionType.Add, ToEntity(partition, next.Key, next))
                    : new(TableTransactionActionType.UpdateReplace, ToEntity(partition, next.Key, next), current.Value!.ETag),
            };
            if (claim is not null)
            {
                var decided = claim.Row;
                decided["State"] = PendingStates.Confirmed;
                decided["DecidedBy"] = claim.DecidedBy;
                decided["DecidedAt"] = claim.DecidedAt;
                actions.Add(new(TableTransactionActionType.UpdateReplace, decided, claim.Row.ETag));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return new RecordedOutcome(next, previous);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                if (claim is not null && e.FailedTransactionActionIndex == 2)
                {
                    throw new PendingAlreadyDecidedException();
                }

                // Another revision of the key landed first: read it and go again as the next one.
                if (attempt >= Attempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>The current revision of each key recorded for <paramref name="month"/>.</summary>
    public async Task<IReadOnlyList<Outcome>> ForMonthAsync(string teamId, string month, CancellationToken cancellationToken)
    {
        var from = month + "|";
        var to = month + "}"; // '}' sorts right after '|'
        return await RangeAsync(teamId, from, to, cancellationToken);
    }

    /// <summary>Every revision of one key, oldest first.</summary>
    public async Task<IReadOnlyList<Outcome>> HistoryAsync(string teamId, string key, CancellationToken cancellationToken) =>
        await RangeAsync(teamId, HistoryPrefix + key + "|", HistoryPrefix + key + "}", cancellationToken);

    public async Task AddPendingAsync(string id, Outcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var entity = ToEntity(Partition(outcome.TeamId), PendingPrefix + id, outcome);
        entity["State"] = PendingStates.Pending;
        await table.AddEntityAsync(entity, cancellationToken);
    }

    /// <summary>A pending record with its row (for the claim), or null.</summary>
    public async Task<PendingOutcome?> PendingAsync(string teamId, string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(teamId), PendingPrefix + id, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e
            ? new PendingOutcome(id, ToOutcome(e), e.GetString("State") ?? PendingStates.Pending, e.GetString("DecidedBy"), e)
            : null;
    }

    /// <summary>Marks a pending record rejected; false when someone decided it first.</summary>
    public async Task<bool> RejectAsync(PendingOutcome pending, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var row = pending.Row;
        row["State"] = PendingStates.Rejected;
        row["DecidedBy"] = by;
        row["DecidedAt"] = at;
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Claims the month's nudge for a team (<c>nudge|{month}</c>, inserted once): true for the one
    /// run, on any instance, that may send it; a second run or a second instance gets false.
    /// </summary>
    public async Task<bool> ClaimNudgeAsync(string teamId, string month, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(teamId), "nudge|" + month) { ["SentAt"] = at }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<Outcome>> RangeAsync(string teamId, string from, string to, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Outcomes, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(teamId)} and RowKey ge {from} and RowKey lt {to}");
        var outcomes = new List<Outcome>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            outcomes.Add(ToOutcome(e));
        }

        return outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).ThenBy(o => o.Revision).ToList();
    }

    private static string Partition(string teamId) => teamId.ToLowerInvariant();

    private static string HistoryKey(Outcome outcome) => $"{HistoryPrefix}{outcome.Key}|{outcome.Revision:D6}";

    // Table Storage has no decimal: values in micro-units, like money.
    private static TableEntity ToEntity(string partition, string rowKey, Outcome outcome) => new(partition, rowKey)
    {
        ["Team"] = outcome.TeamId,
        ["Month"] = outcome.Month,
        ["Workflow"] = outcome.Workflow,
        ["Metric"] = outcome.Metric,
        ["ValueMicros"] = LedgerRowMapper.ToMicros(outcome.Value),
        ["RecordedBy"] = outcome.RecordedBy,
        ["RecordedAt"] = outcome.RecordedAt,
        ["Unit"] = outcome.Unit,
        ["BaselineMicros"] = outcome.Baseline is { } b ? LedgerRowMapper.ToMicros(b) : null,
        ["Note"] = outcome.Note,
        ["Revision"] = outcome.Revision,
    };

    private static Outcome ToOutcome(TableEntity e) => new(
        e.GetString("Team") ?? e.PartitionKey,
        e.GetString("Month") ?? "",
        e.GetString("Workflow"),
        e.GetString("Metric") ?? "",
        LedgerRowMapper.FromMicros(e.GetInt64("ValueMicros") ?? 0),
        e.GetString("RecordedBy") ?? "",
        e.GetDateTimeOffset("RecordedAt") ?? default,
        e.GetString("Unit"),
        e.GetInt64("BaselineMicros") is { } b ? LedgerRowMapper.FromMicros(b) : null,
        e.GetString("Note"),
        e.GetInt32("Revision") ?? 1);
}

/// <summary>A recorded revision and the one it superseded (null for the first).</summary>
public sealed record RecordedOutcome(Outcome Outcome, Outcome? Superseded);

/// <summary>A member's record waiting for an owner; <see cref="Row"/> carries the ETag a decision is conditioned on.</summary>
public sealed record PendingOutcome(string Id, Outcome Outcome, string State, string? DecidedBy, TableEntity Row);

/// <summary>The pending row a confirmation claims, in the same transaction as the record.</summary>
public sealed record PendingClaim(TableEntity Row, string DecidedBy, DateTimeOffset DecidedAt);

public static class PendingStates
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";
}

/// <summary>Another owner decided the pending record first.</summary>
public sealed class PendingAlreadyDecidedException : Exception
{
    public PendingAlreadyDecidedException()
        : base("The pending outcome was decided by someone else first.")
    {
    }
}
