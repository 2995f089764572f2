using System.Text.Json;

namespace AiBudgetBot.Slack;

/// <summary>One button click from a <c>block_actions</c> payload, with where the clicked message lives.</summary>
internal sealed record SlackBlockAction(
    string ActionId,
    string Value,
    string UserId,
    string? UserName,
    string ChannelId,
    string? MessageTs,
    bool IsEphemeral,
    Uri? ResponseUrl)
{
    public static IReadOnlyList<SlackBlockAction> From(JsonElement payload)
    {
        if (SlackInboundMessage.Str(payload, "type") != "block_actions"
            || !payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array
            || !payload.TryGetProperty("user", out var user))
        {
            return [];
        }

        payload.TryGetProperty("container", out var container);
        payload.TryGetProperty("channel", out var channel);
        var channelId = SlackInboundMessage.Str(container, "channel_id") ?? SlackInboundMessage.Str(channel, "id");
        var userId = SlackInboundMessage.Str(user, "id");
        if (channelId is null || userId is null)
        {
            return [];
        }

        var isEphemeral = container.ValueKind == JsonValueKind.Object
            && container.TryGetProperty("is_ephemeral", out var eph) && eph.ValueKind == JsonValueKind.True;
        Uri.TryCreate(SlackInboundMessage.Str(payload, "response_url"), UriKind.Absolute, out var responseUrl);

        return actions.EnumerateArray()
            .Select(a => new SlackBlockAction(
                SlackInboundMessage.Str(a, "action_id") ?? "",
                SlackInboundMessage.Str(a, "value") ?? "",
                userId,
                SlackInboundMessage.Str(user, "username") ?? SlackInboundMessage.Str(user, "name"),
                channelId,
                SlackInboundMessage.Str(container, "message_ts"),
                isEphemeral,
                responseUrl))
            .ToList();
    }
}
