using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace AiBudgetBot.Http;

/// <summary>
/// Parses JSON that every later read can trust. <see cref="JsonDocument"/> accepts an escaped lone
/// surrogate (<c>"\ud800"</c>) or invalid UTF-8 inside a string and only fails when the string is read,
/// deep in a handler, as an unhandled exception (a 500). Checking every string and property name up
/// front turns such input into a <see cref="JsonException"/> that says where, like any other malformed JSON.
/// </summary>
public static class StrictJson
{
    /// <summary>How deep a body may nest; deeper is a JsonException (the default of 64 is far more than any of our shapes needs).</summary>
    public const int MaxDepth = 32;

    /// <exception cref="JsonException">The text is not JSON, nests too deep, or holds a string that is not valid Unicode.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonCommentHandling comments = JsonCommentHandling.Disallow, bool allowTrailingCommas = false)
    {
        Validate(utf8.Span, comments, allowTrailingCommas);
        return JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = comments, AllowTrailingCommas = allowTrailingCommas, MaxDepth = MaxDepth });
    }

    /// <inheritdoc cref="Parse(ReadOnlyMemory{byte}, JsonCommentHandling, bool)"/>
    public static JsonDocument Parse(string text) => Parse(System.Text.Encoding.UTF8.GetBytes(text));

    private static void Validate(ReadOnlySpan<byte> utf8, JsonCommentHandling comments, bool allowTrailingCommas)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = comments,
            AllowTrailingCommas = allowTrailingCommas,
            MaxDepth = MaxDepth,
        });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                continue;
            }

            if (reader.ValueIsEscaped)
            {
                try
                {
                    // Unescaping is where a lone surrogate (\ud800, \udc00, \ud800\u0041) shows.
                    _ = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Invalid(reader, "holds a \\u escape that is not valid Unicode (a lone surrogate such as \\ud800); send each character as UTF-8 or as a complete surrogate pair");
                }
            }
            else if (!Utf8.IsValid(reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan))
            {
                throw Invalid(reader, "is not valid UTF-8; send the body as UTF-8 text");
            }
        }
    }

    private static JsonException Invalid(Utf8JsonReader reader, string problem)
    {
        var what = reader.TokenType == JsonTokenType.PropertyName ? "a property name" : "a string";
        return new JsonException($"{what} at byte {reader.TokenStartIndex} {problem}.");
    }
}
