using System.Globalization;

namespace AiBudgetBot.Core.Periods;

/// <summary>
/// Finds the budget period an instant belongs to, on the calendar of the organization's
/// time zone: a month is a month (28 to 31 days, 23 to 25 hours a day across DST), and
/// it starts at local midnight, not at 00:00 UTC.
/// </summary>
public sealed class PeriodCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public static PeriodCalendar ForZone(string ianaId) => new(TimeZoneInfo.FindSystemTimeZoneById(ianaId));

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    public DateTimeOffset LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The period of kind <paramref name="kind"/> holding <paramref name="instant"/>.</summary>
    /// <param name="fixedStart">First day of a fixed period (its pool's start).</param>
    /// <param name="fixedEnd">Last day of a fixed period, inclusive (its pool's end).</param>
    public BudgetPeriod Containing(DateTimeOffset instant, PeriodKind kind, DateOnly? fixedStart = null, DateOnly? fixedEnd = null)
    {
        var date = LocalDate(instant);
        return kind switch
        {
            PeriodKind.Monthly => Month(date.Year, date.Month),
            PeriodKind.Quarterly => Quarter(date.Year, ((date.Month - 1) / 3) + 1),
            PeriodKind.Fixed => Fixed(
                fixedStart ?? throw new ArgumentException("A fixed period needs a start date.", nameof(fixedStart)),
                fixedEnd ?? throw new ArgumentException("A fixed period needs an end date.", nameof(fixedEnd))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown period kind."),
        };
    }

    public BudgetPeriod Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return Span(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), first, first.AddMonths(1).AddDays(-1));
    }

    public BudgetPeriod Quarter(int year, int quarter)
    {
        var first = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return Span($"{year}-Q{quarter}", first, first.AddMonths(3).AddDays(-1));
    }

    public BudgetPeriod Fixed(DateOnly first, DateOnly last)
    {
        if (last < first)
        {
            throw new ArgumentException($"A period cannot end ({last:yyyy-MM-dd}) before it starts ({first:yyyy-MM-dd}).", nameof(last));
        }

        return Span("fixed-" + first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), first, last);
    }

    /// <summary>Parses a key made by this calendar ("2026-12", "2026-Q4"); fixed keys need their pool.</summary>
    public BudgetPeriod? TryParseMonth(string key) =>
        DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? Month(first.Year, first.Month)
            : null;

    /// <summary>The instant a local date begins in this zone.</summary>
    /// <remarks>
    /// Where DST skips local midnight (Santiago, Havana…) the day begins at the first local
    /// time that exists; where midnight happens twice, at its first occurrence.
    /// </remarks>
    public DateTimeOffset StartOfDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private BudgetPeriod Span(string key, DateOnly first, DateOnly last) =>
        new(key, first, last, StartOfDay(first), StartOfDay(last.AddDays(1)));
}
