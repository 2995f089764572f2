using AiBudgetBot.Core.Digests;
using AiBudgetBot.Core.Periods;
using Quartz;

namespace AiBudgetBot.Scheduling;

/// <summary>What a cron job's run covers: the ISO week or the month just ended before the fire's local date.</summary>
public enum CronSlot
{
    WeekJustEnded,
    MonthJustEnded,
}

/// <summary>
/// A job's cron in the organization's zone (Quartz's own <see cref="CronExpression"/>, so 09:00
/// stays 09:00 local across DST) and the period a run covers.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _cron;
    private readonly PeriodCalendar _calendar;
    private readonly CronSlot _slot;

    public CronSchedule(string cron, CronSlot slot, PeriodCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        Cron = cron;
        _slot = slot;
        _calendar = calendar;
        _cron = new CronExpression(cron, calendar.Zone);
    }

    public string Cron { get; }

    public TimeZoneInfo Zone => _calendar.Zone;

    public DateTimeOffset? NextAfter(DateTimeOffset instant) => _cron.GetNextValidTimeAfter(instant);

    /// <summary>The latest fire at or before <paramref name="now"/> and no older than <paramref name="within"/>.</summary>
    public DateTimeOffset? LastFire(DateTimeOffset now, TimeSpan within)
    {
        DateTimeOffset? last = null;
        var cursor = now - within - TimeSpan.FromSeconds(1);
        while (_cron.GetNextValidTimeAfter(cursor) is { } next && next <= now)
        {
            last = next;
            cursor = next;
        }

        return last;
    }

    /// <summary>The period a run at <paramref name="fire"/> reports on.</summary>
    public string PeriodOf(DateTimeOffset fire)
    {
        var day = _calendar.LocalDate(fire);
        return _slot == CronSlot.WeekJustEnded ? DigestSlots.Week(day.AddDays(-7)) : DigestSlots.Month(day.AddMonths(-1));
    }

    /// <summary>Whether <paramref name="period"/> names a period of this schedule ("2026-W49" weekly, "2026-11" monthly).</summary>
    public bool IsPeriod(string period) =>
        _slot == CronSlot.WeekJustEnded ? DigestSlots.WeekStart(period) is not null : DigestSlots.MonthStart(period) is not null;

    public string PeriodFormat => _slot == CronSlot.WeekJustEnded ? "yyyy-Www (an ISO week, e.g. 2026-W49)" : "yyyy-MM (e.g. 2026-11)";
}
