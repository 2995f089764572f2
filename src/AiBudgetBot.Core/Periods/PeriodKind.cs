namespace AiBudgetBot.Core.Periods;

/// <summary>How a pool's budget renews.</summary>
public enum PeriodKind
{
    /// <summary>Calendar month in the organization's time zone.</summary>
    Monthly,

    /// <summary>Calendar quarter (Jan–Mar, Apr–Jun, …) in the organization's time zone.</summary>
    Quarterly,

    /// <summary>One span between a pool's start and end dates; never renews (project allocations).</summary>
    Fixed,
}
