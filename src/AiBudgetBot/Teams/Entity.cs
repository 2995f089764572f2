namespace AiBudgetBot.Teams;

/// <summary>An activity entity. Only mentions matter here: <c>text</c> is the <c>&lt;at&gt;…&lt;/at&gt;</c> markup.</summary>
public sealed class Entity
{
    public const string MentionType = "mention";

    public string? Type { get; set; }

    public ChannelAccount? Mentioned { get; set; }

    public string? Text { get; set; }
}
