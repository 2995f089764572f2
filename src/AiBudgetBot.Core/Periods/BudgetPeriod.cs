namespace AiBudgetBot.Core.Periods;

/// <summary>
/// One budget period: the instants [Start, End) and the local dates it covers.
/// <see cref="Key"/> names it in storage and on the wire: "2026-12", "2026-Q4" or "fixed-2026-12-01".
/// </summary>
public sealed record BudgetPeriod(string Key, DateOnly FirstDay, DateOnly LastDay, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    public TimeSpan Length => End - Start;

    /// <summary>How much of the period has passed at <paramref name="now"/>, between 0 and 1.</summary>
    public decimal ElapsedFraction(DateTimeOffset now)
    {
        if (now <= Start)
        {
            return 0m;
        }

        if (now >= End)
        {
            return 1m;
        }

        return (decimal)(now - Start).Ticks / Length.Ticks;
    }
}
