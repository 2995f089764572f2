using System.Text.Json.Nodes;
using Json.Schema;

namespace AiBudgetBot.Tests.Teams;

/// <summary>The pinned JSON schemas the Teams artefacts must satisfy (copied into Fixtures/).</summary>
public static class CardSchema
{
    private static readonly Lazy<JsonSchema> AdaptiveCard15 = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.TeamsFixtures, "adaptive-card.schema.v1.5.0.json"))));

    private static readonly Lazy<JsonSchema> TeamsManifest129 = new(() =>
    {
        // The Teams schema declares draft-04, which JsonSchema.Net does not implement; it uses no
        // draft-04-only keyword (no boolean exclusiveMinimum/Maximum), so draft-06 evaluates it the same.
        var text = File.ReadAllText(Path.Combine(RepoPaths.TeamsFixtures, "MicrosoftTeams.schema.v1.29.json"))
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    });

    public static IReadOnlyList<string> AdaptiveCardErrors(JsonNode card) => Errors(AdaptiveCard15.Value, card);

    public static IReadOnlyList<string> ManifestErrors(JsonNode manifest) => Errors(TeamsManifest129.Value, manifest);

    // One evaluation at a time: test classes run in parallel, and two concurrent evaluations of
    // one schema were seen to let an invalid card through.
    private static readonly Lock Evaluating = new();

    private static List<string> Errors(JsonSchema schema, JsonNode instance)
    {
        EvaluationResults result;
        lock (Evaluating)
        {
            result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }

        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))];
    }
}
