namespace AiBudgetBot.Teams;

/// <summary>
/// Removes the bot's own <c>&lt;at&gt;Name&lt;/at&gt;</c> from a channel message so the chat
/// handler sees "budget marketing", not "&lt;at&gt;AiBudgetBot&lt;/at&gt; budget marketing".
/// Mentions of other people stay: they may be the subject of the command.
/// </summary>
public static class MentionText
{
    public static string StripBotMentions(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (string.Equals(entity.Type, Entity.MentionType, StringComparison.OrdinalIgnoreCase)
                && entity.Mentioned?.Id is { } mentioned
                && string.Equals(mentioned, botId, StringComparison.OrdinalIgnoreCase)
                && !string.IsNullOrEmpty(entity.Text))
            {
                text = text.Replace(entity.Text, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        return string.Join(' ', text.Split([' ', '\u00a0', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
