using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// FsCheck generators of what a hostile or broken sender puts on the wire: JSON of the right shape
/// with wrong types, unicode tricks, absurd numbers and timestamps, deep nesting, huge strings,
/// truncation and bytes that are not UTF-8.
/// </summary>
public static class HostileGenerators
{
    /// <summary>The field names our bodies use, so generated objects reach past "unknown field" into the readers.</summary>
    private static readonly string[] Names =
    [
        "id", "timestamp", "team", "user", "workflow", "model", "pool", "currency", "cost", "inputTokens", "outputTokens", "cachedInputTokens",
        "estimatedCost", "estimatedInputTokens", "estimatedOutputTokens", "requestId", "name", "owners", "members", "kind", "stage", "amount",
        "period", "start", "type", "event", "event_id", "text", "user_id", "channel", "payload", "actions", "metadata", "response_cost",
        "standard_logging_object", "requester_metadata", "user_api_key_team_alias", "serviceUrl", "from", "conversation", "value",
    ];

    private static readonly string[] Strings =
    [
        "marketing", "", " ", "\\ud800", "\\udc00", "x\\ud800y", "\\udc00\\ud800", "\\ud83d\\ude00", "\\u0000", "\\u202egnitekram", "mar\\u200bketing",
        "\u202e", "e\u0301", "ℳ𝒶𝓇𝓀ℯ𝓉𝒾𝓃ℊ", "\\\"", "\\n\\r\\t", "../../etc/passwd", "<script>alert(1)</script>", "'; DROP TABLE teams; --", "%00", "a/b#c?d\\\\e",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-13-45T99:00:00Z", "2026-12-10T10:00:00", "2026-12-10T10:00:00+14:00", "-001-01-01T00:00:00Z",
        "gpt-4o-mini", "baseline", "steady", "pilot", "monthly", "USD", "EUR", "1.5", "NaN", "Infinity", "true",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "-0", "1", "0.000001", "0.0000001", "1e400", "-1e400", "1e-400", "79228162514264337593543950336", "-79228162514264337593543950336",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.7976931348623157e308", "12345678901234567890.123456789", "3.14",
    ];

    public static Gen<string> Scalar() =>
        Gen.OneOf(
            Gen.Elements(Strings).Select(s => $"\"{s}\""),
            Gen.Elements(Numbers),
            Gen.Elements("true", "false", "null"),
            Gen.Choose(1, 20_000).Select(n => $"\"{new string('x', n)}\""));

    /// <summary>A JSON value: objects of our field names, arrays, scalars, to the given depth.</summary>
    public static Gen<string> Value(int depth) =>
        depth <= 0
            ? Scalar()
            : Gen.Frequency(
                (4, Scalar()),
                (2, Gen.Choose(0, 6).SelectMany(n => Member(depth - 1).ArrayOf(n)).Select(ms => "{" + string.Join(",", ms) + "}")),
                (1, Gen.Choose(0, 4).SelectMany(n => Value(depth - 1).ArrayOf(n)).Select(vs => "[" + string.Join(",", vs) + "]")));

    private static Gen<string> Member(int depth) =>
        from name in Gen.Frequency((6, Gen.Elements(Names)), (1, Gen.Elements(Strings)))
        from value in Value(depth)
        select $"\"{name}\":{value}";

    /// <summary>Nesting far past any shape of ours (and past System.Text.Json's default limit).</summary>
    public static Gen<string> Deep() =>
        from depth in Gen.Choose(30, 3000)
        from array in Gen.Elements(true, false)
        select array ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>A whole body: mostly JSON that is almost right, sometimes truncated, deep, or not UTF-8.</summary>
    public static Gen<byte[]> Body() =>
        Gen.Frequency(
            (8, Value(3).Select(Encoding.UTF8.GetBytes)),
            (2, Gen.Choose(0, 6).SelectMany(n => Member(2).ArrayOf(n)).Select(ms => Encoding.UTF8.GetBytes("{" + string.Join(",", ms) + "}"))),
            (2, from text in Value(3) from cut in Gen.Choose(0, 100) select Encoding.UTF8.GetBytes(text[..(text.Length * cut / 100)])),
            (1, Deep().Select(Encoding.UTF8.GetBytes)),
            (1, from text in Value(2) from junk in Gen.Elements(new byte[] { 0xC3, 0x28 }, [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF])
                select Insert(Encoding.UTF8.GetBytes(text), junk)));

    /// <summary>A line of chat: words our commands use, numbers, mentions and unicode tricks.</summary>
    public static Gen<string> ChatText() =>
        Gen.Choose(0, 8).SelectMany(n => Gen.Elements(
            "budget", "help", "override", "increase", "pause", "resume", "approve", "deny", "status", "$50", "-50", "$1e400", "50.123456789",
            "24h", "-1h", "99999999999h", "for", "on", "marketing/baseline", "<@U0DANA>", "@dana", "\u202e", "\ud800", "\udc00", "😀", "e\u0301",
            "\u0000", "\t", "\n", new string('z', 5000), "\"", "'", "--", "%", "%%", "&", "=").ArrayOf(n)).Select(ws => string.Join(" ", ws));

    private static byte[] Insert(byte[] text, byte[] junk)
    {
        var at = text.Length / 2;
        return [.. text[..at], .. junk, .. text[at..]];
    }
}
