using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Admin;

/// <summary>
/// Who changed what, when, with the state before and after and a sentence saying what happened.
/// Rows are partitioned by team ("org" for organization-wide changes) and keyed newest first.
/// Before and after are kept in the API's JSON conventions (camelCase, enums as names), so an
/// auditor can tell an override from an increase.
/// </summary>
public sealed class AuditLog(Tables tables, IOptions<OrganizationOptions> organization, TimeProvider time)
{
    public const string Organization = "org";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

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
            ["Before"] = before is null ? null : JsonSerializer.Serialize(before, Json),
            ["After"] = after is null ? null : JsonSerializer.Serialize(after, Json),
            ["Summary"] = AuditSentence.Describe(actor, action, teamId, before, after, organization.Value.Currency),
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
            var (actor, action, team) = (e.GetString("Actor"), e.GetString("Action"), e.GetString("Team"));
            entries.Add(new AuditEntry(
                e.GetDateTimeOffset("At") ?? default,
                team,
                actor,
                action,
                e.GetString("Summary") ?? $"{actor} did {action} on {team ?? "the organization"}",
                Parse(e.GetString("Before")),
                Parse(e.GetString("After"))));
        }

        return entries.OrderByDescending(e => e.At).Take(max).ToList();
    }

    /// <summary>Rows written before the API's conventions applied get camelCase names here too.</summary>
    private static JsonElement? Parse(string? text) =>
        text is null ? null : JsonSerializer.SerializeToElement(CamelCase(JsonNode.Parse(text)));

    private static JsonNode? CamelCase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var renamed = new JsonObject();
                foreach (var (name, value) in o.ToList())
                {
                    o.Remove(name);
                    renamed[JsonNamingPolicy.CamelCase.ConvertName(name)] = CamelCase(value);
                }

                return renamed;
            case JsonArray a:
                var items = a.ToList();
                a.Clear();
                return new JsonArray([.. items.Select(CamelCase)]);
            default:
                return node;
        }
    }

    private static string RowKey(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}

/// <param name="Summary">What happened, in words ("dana approved an override of $50.00 for 24 h on marketing/baseline").</param>
public sealed record AuditEntry(DateTimeOffset At, string? Team, string? Actor, string? Action, string Summary, JsonElement? Before, JsonElement? After);
