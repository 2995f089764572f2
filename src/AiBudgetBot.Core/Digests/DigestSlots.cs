using System.Globalization;

namespace AiBudgetBot.Core.Digests;

/// <summary>
/// Names the period a scheduled digest covers, in the organization's calendar: its slot marker
/// (<c>weekly-digest|2026-W49</c>, <c>monthly-review|2026-11</c>) is what makes N instances send it once.
/// </summary>
public static class DigestSlots
{
    public const string WeeklyDigest = "weekly-digest";
    public const string MonthlyReview = "monthly-review";

    /// <summary>The ISO week holding <paramref name="localDate"/>: "2026-W49".</summary>
    public static string Week(DateOnly localDate)
    {
        var date = localDate.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    /// <summary>The month holding <paramref name="localDate"/>: "2026-11".</summary>
    public static string Month(DateOnly localDate) => localDate.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Monday of an ISO week key ("2026-W49" → 2026-11-30); null when it is not one.</summary>
    public static DateOnly? WeekStart(string key)
    {
        if (key is not { Length: 8 } || key[4..6] != "-W"
            || !int.TryParse(key[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(key[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year < 2000 || year > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return null;
        }

        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
    }

    /// <summary>First day of a month key ("2026-11"); null when it is not one.</summary>
    public static DateOnly? MonthStart(string key) =>
        key is { Length: 7 } && DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first
            : null;
}
