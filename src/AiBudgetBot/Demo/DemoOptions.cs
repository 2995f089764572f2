using System.ComponentModel.DataAnnotations;

namespace AiBudgetBot.Demo;

/// <summary>The <c>Demo</c> section: the usage simulator of the demo organization (scripts/run.sh turns it on).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Replays a month of the demo organization's calls at start, then keeps a trickle going. Needs config/demo-policy.yaml.</summary>
    public bool Simulate { get; set; }

    /// <summary>How many days back the first replay reaches (a month by default: history behind the current period).</summary>
    [Range(1, 92)]
    public int ReplayDays { get; set; } = 30;

    /// <summary>How often the trickle reports the calls of the minutes just passed.</summary>
    [Range(1, 3600)]
    public int TrickleSeconds { get; set; } = 15;
}
