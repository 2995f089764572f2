using System.Text.Json;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Requests;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Requests;

/// <summary>
/// The storage shape of a request: partition = team, row key = request id. Kept apart from
/// <see cref="BudgetRequest"/> so the domain record can change without a table migration;
/// money is stored as micros (long) like the ledger, decisions as JSON.
/// </summary>
public static class RequestRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Partition(string teamId) => teamId.ToLowerInvariant();

    public static TableEntity ToEntity(BudgetRequest request) => new(Partition(request.TeamId), request.Id)
    {
        ["Team"] = request.TeamId,
        ["Pool"] = request.PoolId,
        ["Kind"] = request.Kind.ToString().ToLowerInvariant(),
        ["State"] = request.State.ToString().ToLowerInvariant(),
        ["Requester"] = request.RequesterId,
        ["Reason"] = request.Reason,
        ["AmountMicros"] = request.Amount is { } a ? (long)decimal.Round(a * 1_000_000m) : null,
        ["Workflow"] = request.Workflow,
        ["Hours"] = request.Hours,
        ["TargetPool"] = request.TargetPoolId,
        ["CreatesTargetPool"] = request.CreatesTargetPool,
        ["NextPeriod"] = request.NextPeriod,
        ["Steps"] = string.Join(",", request.Steps.Select(s => s.ToString().ToLowerInvariant())),
        ["Decisions"] = JsonSerializer.Serialize(request.Decisions.Select(d => new DecisionRow(d.Step, d.As.ToString().ToLowerInvariant(), d.PersonId, d.Approved, d.At)), Json),
        ["CreatedAt"] = request.CreatedAt,
        ["Deadline"] = request.Deadline,
        ["GrantedUntil"] = request.GrantedUntil,
        ["AppliedAt"] = request.AppliedAt,
        ["BaseMicros"] = request.BaseAmount is { } b ? (long)decimal.Round(b * 1_000_000m) : null,
        ["RoiEvidence"] = request.RoiEvidence,
        // A column of its own so the expiry job can find approvals still to carry out with a filter.
        ["Applied"] = request.AppliedAt is not null,
    };

    public static BudgetRequest ToRequest(TableEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var decisions = JsonSerializer.Deserialize<List<DecisionRow>>(e.GetString("Decisions") ?? "[]", Json) ?? [];
        return new BudgetRequest(
            e.RowKey,
            e.GetString("Team") ?? e.PartitionKey,
            e.GetString("Pool") ?? "",
            Enum.Parse<RequestKind>(e.GetString("Kind") ?? "", ignoreCase: true),
            Enum.Parse<RequestState>(e.GetString("State") ?? "", ignoreCase: true),
            e.GetString("Requester") ?? "",
            e.GetString("Reason") ?? "",
            e.GetInt64("AmountMicros") is { } micros ? micros / 1_000_000m : null,
            e.GetString("Workflow"),
            e.GetInt32("Hours"),
            e.GetString("TargetPool"),
            e.GetBoolean("CreatesTargetPool") ?? false,
            e.GetBoolean("NextPeriod") ?? false,
            (e.GetString("Steps") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Enum.Parse<Approver>(s, ignoreCase: true)).ToArray(),
            decisions.Select(d => new RequestDecision(d.Step, Enum.Parse<Approver>(d.As, ignoreCase: true), d.Person, d.Approved, d.At)).ToArray(),
            e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetDateTimeOffset("Deadline") ?? default,
            e.GetDateTimeOffset("GrantedUntil"),
            e.GetDateTimeOffset("AppliedAt"),
            e.GetInt64("BaseMicros") is { } baseMicros ? baseMicros / 1_000_000m : null,
            e.GetString("RoiEvidence"));
    }

    private sealed record DecisionRow(int Step, string As, string Person, bool Approved, DateTimeOffset At);
}
