using AiBudgetBot.Core.Digests;
using AiBudgetBot.Core.Periods;
using Quartz;

namespace AiBudgetBot.Digests;

/// <summary>
/// One digest's cron in the organization's zone (Quartz's own <see cref="CronExpression"/>, so
/// 09:00 stays 09:00 local across DST) and the period a run covers: the ISO week or the month
/// just ended before the fire's local date.
/// </summary>
public sealed class DigestSchedule
{
    private readonly CronExpression _cron;
    private readonly PeriodCalendar _calendar;

    public DigestSchedule(string job, string cron, PeriodCalendar calendar)
    {
        Job = job;
        Cron = cron;
        _calendar = calendar;
        _cron = new CronExpression(cron, calendar.Zone);
    }

    public string Job { get; }

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
        return Job == DigestSlots.WeeklyDigest ? DigestSlots.Week(day.AddDays(-7)) : DigestSlots.Month(day.AddMonths(-1));
    }

    /// <summary>Whether <paramref name="period"/> names a period of this job ("2026-W49" weekly, "2026-11" monthly).</summary>
    public bool IsPeriod(string period) =>
        Job == DigestSlots.WeeklyDigest ? DigestSlots.WeekStart(period) is not null : DigestSlots.MonthStart(period) is not null;

    public string PeriodFormat => Job == DigestSlots.WeeklyDigest ? "yyyy-Www (an ISO week, e.g. 2026-W49)" : "yyyy-MM (e.g. 2026-11)";
}
