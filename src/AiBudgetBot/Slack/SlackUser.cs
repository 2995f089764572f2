using System.Text.Json;

namespace AiBudgetBot.Slack;

/// <summary>What <c>users.info</c> says about a user that matters here.</summary>
/// <param name="TeamId">The user's workspace; a Slack Connect guest's differs from ours.</param>
public sealed record SlackUser(string Id, string? TeamId, string? Email, string? RealName, bool IsBot, bool Deleted)
{
    public static SlackUser From(JsonElement user)
    {
        var profile = user.TryGetProperty("profile", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        return new SlackUser(
            SlackInboundMessage.Str(user, "id") ?? "",
            SlackInboundMessage.Str(user, "team_id"),
            profile.ValueKind == JsonValueKind.Object ? SlackInboundMessage.Str(profile, "email") : null,
            SlackInboundMessage.Str(user, "real_name") ?? (profile.ValueKind == JsonValueKind.Object ? SlackInboundMessage.Str(profile, "real_name") : null),
            Bool(user, "is_bot") || SlackInboundMessage.Str(user, "id") == "USLACKBOT",
            Bool(user, "deleted"));
    }

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
