using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiBudgetBot.Slack;

/// <summary>
/// A chat message the bot should answer, read from an <c>event_callback</c>: an
/// <c>app_mention</c> (answered in its thread) or a DM (<c>message</c> with <c>channel_type: im</c>).
/// Everything else, including anything a bot wrote, yields null.
/// </summary>
internal sealed partial record SlackInboundMessage(string UserId, string ChannelId, string Text, string? ThreadTs, bool IsMention)
{
    public static SlackInboundMessage? From(JsonElement envelope, string? ownBotUserId)
    {
        if (!envelope.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = Str(e, "type");
        var isMention = type == "app_mention";
        var isDm = type == "message" && Str(e, "channel_type") == "im";
        if (!isMention && !isDm)
        {
            return null;
        }

        var user = Str(e, "user");
        var channel = Str(e, "channel");
        var ownIds = OwnIds(envelope, ownBotUserId);

        // Never answer a bot (ourselves above all: that is how bots talk to themselves forever).
        // Any subtype (bot_message, message_changed, channel_join…) is not a person asking something.
        if (e.TryGetProperty("bot_id", out _) || Str(e, "subtype") is not null || user is null || channel is null || ownIds.Contains(user))
        {
            return null;
        }

        var text = Str(e, "text") ?? "";
        if (isMention)
        {
            text = StripMention(text, ownIds);
        }

        var threadTs = isMention ? Str(e, "thread_ts") ?? Str(e, "ts") : Str(e, "thread_ts");
        return new SlackInboundMessage(user, channel, text, threadTs, isMention);
    }

    /// <summary>
    /// Removes the bot's mention. Slack sends app_mention only when the bot is mentioned, so when
    /// none of the ids we know as ours appears, the first mention is taken to be ours.
    /// </summary>
    internal static string StripMention(string text, IReadOnlySet<string> ownIds)
    {
        var knownPresent = Mention().Matches(text).Any(m => ownIds.Contains(m.Groups["id"].Value));
        var removedOne = false;
        var stripped = Mention().Replace(text, m =>
        {
            var ours = knownPresent ? ownIds.Contains(m.Groups["id"].Value) : !removedOne;
            if (!ours)
            {
                return m.Value;
            }

            removedOne = true;
            return " ";
        });
        return Spaces().Replace(stripped, " ").Trim();
    }

    private static HashSet<string> OwnIds(JsonElement envelope, string? configured)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(configured))
        {
            ids.Add(configured);
        }

        if (envelope.TryGetProperty("authorizations", out var auths) && auths.ValueKind == JsonValueKind.Array)
        {
            foreach (var auth in auths.EnumerateArray())
            {
                if (auth.TryGetProperty("is_bot", out var isBot) && isBot.ValueKind == JsonValueKind.True && Str(auth, "user_id") is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    internal static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(\|[^>]*)?>")]
    private static partial Regex Mention();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
}
