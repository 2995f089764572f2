using System.Globalization;
using System.Text.Json;
using AiBudgetBot.Storage;
using Azure.Data.Tables;

namespace AiBudgetBot.Admin;

/// <summary>
/// Who changed what, when, with the state before and after. Rows are partitioned by team
/// ("org" for organization-wide changes) and keyed newest first.
/// </summary>
public sealed class AuditLog(Tables tables, TimeProvider time)
{
    public const string Organization = "org";

    public async Task RecordAsync(string? teamId, string actor, string action, object? before, object? after, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Audit, cancellationToken);
        var now = time.GetUtcNow();
        var entity = new TableEntity(teamId?.ToLowerInvariant() ?? Organization, RowKey(now))
        {
            ["At"] = now,
            ["Team"] = teamId,
            ["Actor"] = actor,
            ["Action"] = action,
            ["Before"] = before is null ? null : JsonSerializer.Serialize(before),
            ["After"] = after is null ? null : JsonSerializer.Serialize(after),
        };
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<List<AuditEntry>> ReadAsync(string? teamId, DateTimeOffset? from, DateTimeOffset? to, int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Audit, cancellationToken);
        var filters = new List<string>();
        if (teamId is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {teamId.ToLowerInvariant()}"));
        }

        if (from is { } f)
        {
            filters.Add(TableClient.CreateQueryFilter($"At ge {f}"));
        }

        if (to is { } t)
        {
            filters.Add(TableClient.CreateQueryFilter($"At le {t}"));
        }

        var entries = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filters.Count == 0 ? null : string.Join(" and ", filters), cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(e.GetDateTimeOffset("At") ?? default, e.GetString("Team"), e.GetString("Actor"), e.GetString("Action"), Json(e.GetString("Before")), Json(e.GetString("After"))));
        }

        return entries.OrderByDescending(e => e.At).Take(max).ToList();
    }

    private static JsonElement? Json(string? text) => text is null ? null : JsonDocument.Parse(text).RootElement.Clone();

    private static string RowKey(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}

public sealed record AuditEntry(DateTimeOffset At, string? Team, string Actor, string Action, JsonElement? Before, JsonElement? After);
