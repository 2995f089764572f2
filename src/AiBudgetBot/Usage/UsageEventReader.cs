using System.Globalization;
using System.Text.Json;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Usage;

/// <summary>
/// Reads the contract's usage event JSON into a <see cref="UsageEvent"/>, collecting every
/// problem with a field rather than stopping at the first, so a sender fixes them in one go.
/// </summary>
public static class UsageEventReader
{
    public static (UsageEvent? Event, string? Id, List<string> Errors) Read(JsonElement json)
    {
        var errors = new List<string>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, null, ["each usage event must be a JSON object."]);
        }

        var id = String(json, "id", errors);
        var timestamp = Timestamp(json, "timestamp", errors);
        var team = String(json, "team", errors);
        var model = String(json, "model", errors);
        var input = Count(json, "inputTokens", errors);
        var output = Count(json, "outputTokens", errors);
        var cached = Count(json, "cachedInputTokens", errors);
        var cost = Decimal(json, "cost", errors);
        var usage = new UsageEvent(
            id ?? "",
            timestamp ?? default,
            team ?? "",
            String(json, "user", errors),
            String(json, "workflow", errors),
            model ?? "",
            String(json, "provider", errors),
            new TokenCounts(input, output, cached),
            cost,
            String(json, "currency", errors),
            String(json, "pool", errors),
            String(json, "requestId", errors));
        return (errors.Count == 0 ? usage : null, id, errors);
    }

    public static string? String(JsonElement json, string name, List<string> errors)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{name} must be a string.");
            return null;
        }

        return value.GetString();
    }

    private static DateTimeOffset? Timestamp(JsonElement json, string name, List<string> errors)
    {
        var text = String(json, name, errors);
        if (text is null)
        {
            return null;
        }

        // RFC 3339 requires an offset ("Z" or "+01:00"); a bare local time would be guessed, so refuse it.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            errors.Add($"{name} '{text}' must be RFC 3339 with an offset, e.g. 2026-12-01T10:00:00Z.");
            return null;
        }

        return parsed;
    }

    private static long Count(JsonElement json, string name, List<string> errors)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var count))
        {
            errors.Add($"{name} must be a whole number.");
            return 0;
        }

        if (count < 0)
        {
            errors.Add($"{name} must not be negative.");
        }

        return count;
    }

    private static decimal? Decimal(JsonElement json, string name, List<string> errors)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
        {
            errors.Add($"{name} must be a number.");
            return null;
        }

        if (amount < 0m)
        {
            errors.Add($"{name} must not be negative.");
        }

        return amount;
    }
}
