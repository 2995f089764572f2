namespace AiBudgetBot.Playground;

/// <summary>The <c>Playground</c> section: the page that draws the bot's cards as Teams and Slack do.</summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Playground";

    /// <summary>
    /// Serves <c>/playground</c>. Unset means on in Development only; outside Development its API
    /// also asks for the admin key, because the page lets its user act as anyone in the directory.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The notifications the page's feed keeps (the newest; older ones drop off).</summary>
    public int FeedSize { get; set; } = 200;
}
