using System.Text.Json.Nodes;

namespace AiBudgetBot.Teams;

/// <summary>
/// Body of the HTTP answer to an <c>adaptiveCard/action</c> invoke (Universal Actions): a card
/// that replaces the clicker's, a message shown to the clicker, or an error.
/// </summary>
public sealed record InvokeResponse(int StatusCode, string Type, JsonNode? Value)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public static InvokeResponse Card(AdaptiveCard card) => new(200, CardType, AdaptiveCardRenderer.ToJson(card));

    public static InvokeResponse Message(string text) => new(200, MessageType, JsonValue.Create(text));

    public static InvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, ErrorType, new JsonObject { ["code"] = code, ["message"] = message });
}
