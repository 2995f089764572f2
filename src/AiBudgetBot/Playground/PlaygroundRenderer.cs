using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Slack;
using AiBudgetBot.Teams;

namespace AiBudgetBot.Playground;

/// <summary>
/// One message drawn both ways by the renderers the channels use: the Adaptive Card Teams would
/// receive and the Block Kit Slack would, as the JSON each platform gets.
/// </summary>
public sealed class PlaygroundRenderer(BlockKitRenderer blockKit)
{
    public RenderedMessage Render(OutgoingMessage message, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(message, new CardRenderOptions(Note: note)));
        var slack = blockKit.Render(message);
        // Serialized as the Slack client sends it, so the page reads what Slack would.
        var blocks = JsonSerializer.SerializeToNode(slack, SlackApiClient.Json)!.AsObject();
        return new RenderedMessage(message.Title, message.Text, message.Tone.ToString().ToLowerInvariant(), card, blocks);
    }
}

/// <summary>A message as the page draws it: <c>teams</c> is the Adaptive Card, <c>slack</c> the message body Slack gets.</summary>
public sealed record RenderedMessage(string Title, string Text, string Tone, JsonObject Teams, JsonObject Slack);
