using System.Globalization;
using System.Text.Json;
using AiBudgetBot.Core.Connectors;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Imports;

/// <summary>
/// Reads one FOCUS (1.0–1.2) row into a usage event: cost from the configured cost column, time
/// from <c>ChargePeriodStart</c>, model from <c>SkuId</c> (else <c>SkuPriceId</c>, else
/// <c>ServiceName</c>), tokens from <c>ConsumedQuantity</c> when <c>ConsumedUnit</c> counts tokens,
/// team and workflow from the <c>Tags</c> JSON object. A negative cost (a credit) is a correction.
/// </summary>
public static class FocusRow
{
    public const string AiServiceCategory = "AI and Machine Learning";

    /// <summary>The columns without which a file is not a FOCUS export this reader can use.</summary>
    public static IReadOnlyList<string> RequiredColumns(FocusOptions options) =>
        ["ChargePeriodStart", "ServiceCategory", "ProviderName", "BillingCurrency", options.CostColumn];

    public static bool IsAi(Func<string, string?> field) =>
        string.Equals(field("ServiceCategory")?.Trim(), AiServiceCategory, StringComparison.OrdinalIgnoreCase);

    /// <param name="field">A column's value by name; null when absent or FOCUS's literal NULL.</param>
    public static (UsageEvent? Event, string Id, List<string> Errors) Read(Func<string, string?> field, IEnumerable<string?> allValues, FocusOptions options)
    {
        var errors = new List<string>();
        var id = ProviderUsageIds.FocusRow(allValues);
        var start = Time(field("ChargePeriodStart"));
        if (start is null)
        {
            errors.Add("ChargePeriodStart is not a date and time (e.g. 2024-09-01 00:00:00 or 2024-09-01T00:00:00Z).");
        }

        decimal? cost = null;
        if (!decimal.TryParse(field(options.CostColumn), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedCost))
        {
            errors.Add($"{options.CostColumn} is not a number.");
        }
        else
        {
            cost = parsedCost;
        }

        var (team, workflow, tagError) = Tags(field("Tags"), options);
        if (tagError is not null)
        {
            errors.Add(tagError);
        }

        if (errors.Count > 0)
        {
            return (null, id, errors);
        }

        var model = field("SkuId") ?? field("SkuPriceId") ?? field("ServiceName") ?? "unknown";
        var usage = new UsageEvent(
            id,
            start!.Value,
            team!,
            null,
            workflow,
            model,
            Provider(field),
            new TokenCounts(Tokens(field("ConsumedQuantity"), field("ConsumedUnit")), 0, 0),
            cost,
            field("BillingCurrency"),
            null,
            Correction: cost < 0m);
        return (usage, id, errors);
    }

    public static string Provider(Func<string, string?> field) => (field("ProviderName") ?? "unknown").Trim().ToLowerInvariant();

    public static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>Tokens when the unit counts them ("Tokens", "1K Tokens", "1M tokens"); zero otherwise or for credits.</summary>
    private static long Tokens(string? quantity, string? unit)
    {
        if (unit is null || !unit.Contains("token", StringComparison.OrdinalIgnoreCase)
            || !decimal.TryParse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0m)
        {
            return 0;
        }

        var scale = unit.TrimStart().StartsWith("1K", StringComparison.OrdinalIgnoreCase) ? 1_000m
            : unit.TrimStart().StartsWith("1M", StringComparison.OrdinalIgnoreCase) ? 1_000_000m
            : 1m;
        var tokens = amount * scale;
        return tokens > long.MaxValue / 2 ? 0 : (long)Math.Round(tokens);
    }

    private static (string? Team, string? Workflow, string? Error) Tags(string? json, FocusOptions options)
    {
        if (json is null)
        {
            return (null, null, $"Tags has no '{options.TeamTag}' key: tag AI resources with the team they belong to (Imports:Focus:TeamTag).");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "Tags is not a JSON object.");
            }

            string? team = null, workflow = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.ToString();
                if (string.Equals(property.Name.Trim(), options.TeamTag, StringComparison.OrdinalIgnoreCase))
                {
                    team = value;
                }
                else if (string.Equals(property.Name.Trim(), options.WorkflowTag, StringComparison.OrdinalIgnoreCase))
                {
                    workflow = value;
                }
            }

            return team is { Length: > 0 }
                ? (team, workflow is { Length: > 0 } ? workflow : null, null)
                : (null, null, $"Tags has no '{options.TeamTag}' key: tag AI resources with the team they belong to (Imports:Focus:TeamTag).");
        }
        catch (JsonException)
        {
            return (null, null, "Tags is not valid JSON.");
        }
    }
}
