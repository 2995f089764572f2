using System.Globalization;
using System.Text.Json;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Usage;

/// <summary>
/// Reads LiteLLM's StandardLoggingPayload (its generic logging callback) into a usage event:
/// team from <c>metadata.user_api_key_team_id</c> (else its alias), cost from
/// <c>response_cost</c>, time from <c>endTime</c> (epoch seconds), or <c>completionStartTime</c>
/// when given as text; naive timestamps are UTC, as LiteLLM writes them.
/// </summary>
public static class LiteLlmPayloadReader
{
    public static (UsageEvent? Event, string? Id, List<string> Errors) Read(JsonElement json)
    {
        var errors = new List<string>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, null, ["each LiteLLM payload must be a JSON object."]);
        }

        var id = UsageEventReader.String(json, "id", errors);
        var metadata = json.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var team = Text(metadata, "user_api_key_team_id") ?? Text(metadata, "user_api_key_team_alias");
        if (team is null)
        {
            errors.Add("metadata.user_api_key_team_id (or _alias) is required: issue LiteLLM keys per team.");
        }

        var timestamp = Time(json, errors);
        var cost = json.TryGetProperty("response_cost", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : (decimal?)null;
        var model = Text(json, "model") ?? "";
        var usageObject = json.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
            && response.TryGetProperty("usage", out var u) ? u : default;
        var cached = usageObject.ValueKind == JsonValueKind.Object && usageObject.TryGetProperty("prompt_tokens_details", out var details)
            ? Number(details, "cached_tokens")
            : 0;

        var usage = new UsageEvent(
            id ?? "",
            timestamp ?? default,
            team ?? "",
            Text(metadata, "user_api_key_user_email") ?? Text(json, "end_user") ?? Text(metadata, "user_api_key_user_id"),
            Workflow(json, metadata),
            model,
            Text(json, "custom_llm_provider"),
            new TokenCounts(Number(json, "prompt_tokens"), Number(json, "completion_tokens"), cached),
            cost,
            null,
            null);
        return (errors.Count == 0 ? usage : null, id, errors);
    }

    private static DateTimeOffset? Time(JsonElement json, List<string> errors)
    {
        foreach (var name in new[] { "endTime", "startTime" })
        {
            if (!json.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000d));
            }

            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }
        }

        errors.Add("endTime (epoch seconds) is required.");
        return null;
    }

    /// <summary>The workflow from spend-log metadata (<c>{"workflow": …}</c>) or a <c>workflow:…</c> request tag.</summary>
    private static string? Workflow(JsonElement json, JsonElement metadata)
    {
        if (metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("spend_logs_metadata", out var spendLogs)
            && Text(spendLogs, "workflow") is { } fromMetadata)
        {
            return fromMetadata;
        }

        if (json.TryGetProperty("request_tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String && tag.GetString() is { } text && text.StartsWith("workflow:", StringComparison.OrdinalIgnoreCase))
                {
                    return text["workflow:".Length..];
                }
            }
        }

        return null;
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static long Number(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;
}
