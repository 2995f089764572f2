namespace AiBudgetBot.Slack;

/// <summary>Block Kit's hard limits; Slack rejects the whole message (invalid_blocks) when one is exceeded.</summary>
public static class SlackLimits
{
    public const int BlocksPerMessage = 50;

    /// <summary>A Home tab (and modal) view holds up to 100 blocks.</summary>
    public const int BlocksPerHomeView = 100;
    public const int SectionText = 3000;
    public const int FieldsPerSection = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int Id = 255;
    public const int ElementsPerActions = 25;
    public const int ElementsPerContext = 10;
    public const int ImageAltText = 2000;
    public const int ImageUrl = 3000;

    /// <summary>chat.postMessage truncates <c>text</c> beyond this.</summary>
    public const int MessageText = 40_000;
}
