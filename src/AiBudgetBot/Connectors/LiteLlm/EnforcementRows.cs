using Azure.Data.Tables;

namespace AiBudgetBot.Connectors.LiteLlm;

/// <summary>
/// What LiteLLM has been told about a team: one row per team, <c>litellm</c> in the team's
/// <c>requests|{team}</c> partition of the ledger table, beside the outbox rows that carry each
/// transition. The row and its transition's outbox row are written in one transaction, under
/// the row's ETag, so a transition is queued once whatever the number of instances.
/// </summary>
public static class EnforcementRows
{
    public const string RowKey = "litellm";

    public static bool Blocked(TableEntity? row) => row?.GetBoolean("Blocked") ?? false;

    /// <summary>Counts transitions; a delivery of an older one than the row's is superseded.</summary>
    public static long Generation(TableEntity? row) => row?.GetInt64("Generation") ?? 0;

    public static TableEntity Next(string partition, TableEntity? current, bool blocked, string liteLlmTeam, string reason, DateTimeOffset now) =>
        new(partition, RowKey)
        {
            ["Blocked"] = blocked,
            ["Generation"] = Generation(current) + 1,
            ["LiteLlmTeam"] = liteLlmTeam,
            ["Reason"] = reason,
            ["ChangedAt"] = now,
        };
}
