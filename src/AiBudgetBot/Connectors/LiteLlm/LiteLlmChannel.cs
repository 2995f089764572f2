using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Admin;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;
using AiBudgetBot.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Connectors.LiteLlm;

/// <summary>
/// Delivers block and unblock transitions to LiteLLM (<c>POST {BaseUrl}team/block</c> and
/// <c>team/unblock</c> with <c>{ "team_id" }</c>, master key as bearer) as an outbox channel, so
/// it inherits the outbox's lease (one instance calls), its memory of who accepted (no second
/// call) and its retries with <c>Retry-After</c>. A transition that a newer one superseded before
/// it went out is dropped: LiteLLM only needs to end in the latest state.
/// </summary>
public sealed class LiteLlmChannel(HttpClient http, Tables tables, AuditLog audit, IOptions<ConnectorsOptions> options, ILogger<LiteLlmChannel> logger) : INotificationChannel
{
    public string Name => "litellm";

    public async Task<DeliveryResult> DeliverAsync(OutboundNotification notification, Team? team, CancellationToken cancellationToken)
    {
        var settings = options.Value.LiteLlm;
        if (notification.Kind is not (LiteLlmEnforcer.BlockKind or LiteLlmEnforcer.UnblockKind))
        {
            return DeliveryResult.NotApplicable;
        }

        if (!settings.Enforce || settings.BaseUrl is not { Length: > 0 } baseUrl)
        {
            return DeliveryResult.Failed("Connectors:LiteLlm:Enforce is off or BaseUrl is empty; the transition is not sent.");
        }

        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Storage.Outbox.OutboxPartitions.Requests(notification.TeamId), EnforcementRows.RowKey, cancellationToken: cancellationToken);
        var generation = Number(notification.Fields.GetValueOrDefault("generation"));
        if (row.HasValue && EnforcementRows.Generation(row.Value) > generation)
        {
            return DeliveryResult.NotApplicable;
        }

        var liteLlmTeam = notification.Fields.GetValueOrDefault("liteLlmTeam") is { } t ? Text(t) : notification.TeamId;
        var block = notification.Kind == LiteLlmEnforcer.BlockKind;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), block ? "team/block" : "team/unblock"))
        {
            Content = JsonContent.Create(new BlockTeamRequest(liteLlmTeam)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.MasterKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            await audit.RecordAsync(notification.TeamId, "litellm-enforcer", block ? "litellm.block" : "litellm.unblock", null, new { liteLlmTeam, generation, reason = notification.Message.Text }, cancellationToken);
            return DeliveryResult.Delivered;
        }

        // The master key is in the request only; the log says which key to check, never its value.
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500
            || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                logger.LogWarning("LiteLLM refused {Action} of team {Team} with {Status}: check Connectors:LiteLlm:MasterKey; retrying", block ? "block" : "unblock", liteLlmTeam, status);
            }

            return DeliveryResult.Retry($"LiteLLM answered {status}", response.Headers.RetryAfter?.Delta);
        }

        return DeliveryResult.Failed($"LiteLLM answered {status} to {(block ? "block" : "unblock")} of team {liteLlmTeam}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static long Number(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetInt64(),
        long l => l,
        int i => i,
        string s when long.TryParse(s, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => 0,
    };

    private static string Text(object value) => value is JsonElement { ValueKind: JsonValueKind.String } e ? e.GetString()! : value.ToString()!;

    /// <summary>LiteLLM's <c>BlockTeamRequest</c>.</summary>
    private sealed record BlockTeamRequest([property: System.Text.Json.Serialization.JsonPropertyName("team_id")] string TeamId);
}
