using System.Text.Json.Nodes;

namespace AiBudgetBot.Teams;

/// <summary>An activity attachment; the bot sends Adaptive Cards and ignores what users attach.</summary>
public sealed class Attachment
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }

    public JsonNode? Content { get; set; }

    public static Attachment AdaptiveCard(JsonNode card) => new() { ContentType = AdaptiveCardContentType, Content = card };
}
