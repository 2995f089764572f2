using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;

namespace AiBudgetBot.Core.Spend;

/// <summary>A usage event that passed every check: priced, rounded to the unit of account and routed to one pool's period.</summary>
public sealed record CountedEvent(
    UsageEvent Event,
    string PoolId,
    BudgetPeriod Period,
    Money.Money Cost,
    ModelTier? Tier)
{
    public string Id => Event.Id;

    /// <summary>The event's date in the organization's zone (the ledger's per-day spend); its UTC date when unknown.</summary>
    public DateOnly? LocalDay { get; init; }

    public DateOnly Day => LocalDay ?? DateOnly.FromDateTime(Event.Timestamp.UtcDateTime);
}
