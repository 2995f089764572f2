using System.Text.RegularExpressions;

namespace AiBudgetBot.Slack;

/// <summary>Our message text (**bold**, line breaks) in Slack's mrkdwn dialect.</summary>
public static partial class SlackMrkdwn
{
    /// <summary>
    /// Escapes the three characters Slack treats as control (so user text cannot ping
    /// <c>&lt;!channel&gt;</c> or forge links), then turns **bold** into *bold*.
    /// </summary>
    public static string FromMessageText(string text) => Bold().Replace(Escape(text), "*$1*");

    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Cuts to <paramref name="max"/> characters with an ellipsis, never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline)]
    private static partial Regex Bold();
}
