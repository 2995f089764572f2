using AiBudgetBot.Core.Periods;

namespace AiBudgetBot.Core.Spend;

/// <summary>
/// Projects a period's end-of-period spend from its burn rate so far.
/// </summary>
/// <remarks>
/// Method: straight-line. Spend so far divided by the time elapsed, times the period's length.
/// It is simple to explain to a manager ("at this month's pace…"), has no parameters to tune,
/// and over-reacts only in the first hours of a period, so nothing is projected before
/// <see cref="MinimumElapsed"/> has passed.
/// </remarks>
public static class Forecast
{
    public static readonly TimeSpan MinimumElapsed = TimeSpan.FromHours(24);

    /// <summary>Projected spend at the end of <paramref name="period"/>; null while too early to say.</summary>
    public static decimal? EndOfPeriod(decimal spent, BudgetPeriod period, DateTimeOffset now)
    {
        if (now - period.Start < MinimumElapsed)
        {
            return null;
        }

        var elapsed = period.ElapsedFraction(now);
        return elapsed >= 1m ? spent : decimal.Round(spent / elapsed, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>When, at the current pace, spend reaches <paramref name="limit"/>; null if not within the period.</summary>
    public static DateTimeOffset? RunsOutAt(decimal spent, decimal limit, BudgetPeriod period, DateTimeOffset now)
    {
        if (spent >= limit)
        {
            return now;
        }

        if (spent <= 0m || now - period.Start < MinimumElapsed || now >= period.End)
        {
            return null;
        }

        // Compared with the time left before converting: clamping to TimeSpan.MaxValue still
        // overflowed DateTimeOffset (and the decimal division could overflow) for a small spend
        // against a large limit, where the answer is simply "not within the period".
        decimal ticksToLimit;
        try
        {
            ticksToLimit = (limit - spent) / spent * (now - period.Start).Ticks;
        }
        catch (OverflowException)
        {
            return null;
        }

        return ticksToLimit < (period.End - now).Ticks ? now + TimeSpan.FromTicks((long)ticksToLimit) : null;
    }
}
