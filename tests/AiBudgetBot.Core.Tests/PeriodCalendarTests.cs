using AiBudgetBot.Core.Periods;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests;

public sealed class PeriodCalendarTests
{
    private static readonly PeriodCalendar NewYork = PeriodCalendar.ForZone("America/New_York");
    private static readonly PeriodCalendar Berlin = PeriodCalendar.ForZone("Europe/Berlin");
    private static readonly PeriodCalendar Utc = PeriodCalendar.ForZone("UTC");

    private static readonly string[] Zones =
    [
        "UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham",
    ];

    private static DateTimeOffset UtcAt(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Month_InNewYork_StartsAtLocalMidnight()
    {
        var december = NewYork.Month(2026, 12);
        Assert.Equal("2026-12", december.Key);
        Assert.Equal(UtcAt(2026, 12, 1, 5), december.Start); // EST, UTC-5
        Assert.Equal(UtcAt(2027, 1, 1, 5), december.End);
        var july = NewYork.Month(2026, 7);
        Assert.Equal(UtcAt(2026, 7, 1, 4), july.Start); // EDT, UTC-4
    }

    [Fact]
    public void Month_InBerlin_StartsAtLocalMidnight()
    {
        var december = Berlin.Month(2026, 12);
        Assert.Equal(UtcAt(2026, 11, 30, 23), december.Start); // CET, UTC+1
        Assert.Equal(UtcAt(2026, 12, 31, 23), december.End);
        Assert.Equal(UtcAt(2026, 6, 30, 22), Berlin.Month(2026, 7).Start); // CEST, UTC+2
    }

    [Theory]
    [InlineData(2026, 2, 28)]
    [InlineData(2028, 2, 29)]
    [InlineData(2026, 4, 30)]
    [InlineData(2026, 1, 31)]
    [InlineData(2026, 12, 31)]
    public void Month_HasItsCalendarDays(int year, int month, int days)
    {
        var period = Utc.Month(year, month);
        Assert.Equal(new DateOnly(year, month, 1), period.FirstDay);
        Assert.Equal(new DateOnly(year, month, days), period.LastDay);
        Assert.Equal(TimeSpan.FromDays(days), period.Length);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 3, 743)] // spring forward on 8 March: 31 days less an hour
    [InlineData("America/New_York", 2026, 11, 721)] // fall back on 1 November: 30 days and an hour
    [InlineData("Europe/Berlin", 2026, 3, 743)] // 29 March
    [InlineData("Europe/Berlin", 2026, 10, 745)] // 25 October: 31 days and an hour
    [InlineData("America/New_York", 2026, 12, 744)]
    public void Month_AcrossDst_HasOneHourMoreOrLess(string zone, int year, int month, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), PeriodCalendar.ForZone(zone).Month(year, month).Length);

    [Theory]
    [InlineData(1, 1, 1, 3, 31)]
    [InlineData(2, 4, 1, 6, 30)]
    [InlineData(3, 7, 1, 9, 30)]
    [InlineData(4, 10, 1, 12, 31)]
    public void Quarter_RunsThreeCalendarMonths(int quarter, int firstMonth, int firstDay, int lastMonth, int lastDay)
    {
        var period = NewYork.Quarter(2026, quarter);
        Assert.Equal($"2026-Q{quarter}", period.Key);
        Assert.Equal(new DateOnly(2026, firstMonth, firstDay), period.FirstDay);
        Assert.Equal(new DateOnly(2026, lastMonth, lastDay), period.LastDay);
        Assert.Equal(NewYork.StartOfDay(period.FirstDay), period.Start);
        Assert.Equal(NewYork.StartOfDay(period.LastDay.AddDays(1)), period.End);
    }

    [Fact]
    public void Quarter_Containing_FollowsTheLocalDate()
    {
        // 1 October 03:00 UTC is still 30 September in New York: Q3.
        Assert.Equal("2026-Q3", NewYork.Containing(UtcAt(2026, 10, 1, 3), PeriodKind.Quarterly).Key);
        Assert.Equal("2026-Q4", NewYork.Containing(UtcAt(2026, 10, 1, 5), PeriodKind.Quarterly).Key);
        Assert.Equal(NewYork.Quarter(2026, 4).End, NewYork.Quarter(2027, 1).Start);
    }

    [Fact]
    public void Fixed_RunsFromFirstDayToLastDayInclusive()
    {
        var period = NewYork.Containing(UtcAt(2026, 12, 10), PeriodKind.Fixed, new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 15));
        Assert.Equal("fixed-2026-12-01", period.Key);
        Assert.Equal(UtcAt(2026, 12, 1, 5), period.Start);
        Assert.Equal(UtcAt(2027, 2, 16, 5), period.End);
    }

    [Fact]
    public void Fixed_WithoutDates_OrEndingBeforeItStarts_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => NewYork.Containing(UtcAt(2026, 12, 1), PeriodKind.Fixed));
        Assert.Throws<ArgumentException>(() => NewYork.Containing(UtcAt(2026, 12, 1), PeriodKind.Fixed, new DateOnly(2026, 12, 1)));
        Assert.Throws<ArgumentException>(() => NewYork.Fixed(new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void Fixed_OneDay_IsOneLocalDay() =>
        Assert.Equal(TimeSpan.FromHours(24), NewYork.Fixed(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1)).Length);

    [Fact]
    public void Instant_OneTickBeforeLocalMidnight_BelongsToThePreviousMonth()
    {
        var december = NewYork.Month(2026, 12);
        Assert.Equal("2026-11", NewYork.Containing(december.Start.AddTicks(-1), PeriodKind.Monthly).Key);
        Assert.Equal("2026-12", NewYork.Containing(december.Start, PeriodKind.Monthly).Key);
        Assert.False(december.Contains(december.Start.AddTicks(-1)));
        Assert.True(december.Contains(december.Start));
        Assert.False(december.Contains(december.End));
    }

    [Fact]
    public void Month_Containing_AnEventEarlyUtcOnTheFirst_IsTheLocalPreviousMonth() =>
        Assert.Equal("2026-11", NewYork.Containing(UtcAt(2026, 12, 1, 3), PeriodKind.Monthly).Key);

    [Fact]
    public void Day_WhoseMidnightIsSkippedByDst_StartsAtTheFirstValidLocalTime_Santiago()
    {
        // Chile springs forward at 24:00 on Saturday 5 September 2026: 6 September begins at 01:00 (UTC-3).
        var santiago = PeriodCalendar.ForZone("America/Santiago");
        var start = santiago.StartOfDay(new DateOnly(2026, 9, 6));
        Assert.Equal(UtcAt(2026, 9, 6, 4), start);
        Assert.Equal(new DateTime(2026, 9, 6, 1, 0, 0), santiago.LocalTime(start).DateTime);
        // The day before is 23 hours long; a fixed period starting that day starts then.
        Assert.Equal(TimeSpan.FromHours(23), santiago.Fixed(new DateOnly(2026, 9, 6), new DateOnly(2026, 9, 6)).Length);
        Assert.Equal(start, santiago.Fixed(new DateOnly(2026, 9, 6), new DateOnly(2026, 9, 30)).Start);
    }

    [Fact]
    public void Day_WhoseMidnightIsSkippedByDst_StartsAtTheFirstValidLocalTime_Havana()
    {
        // Cuba springs forward at 00:00 on the second Sunday of March: 8 March 2026 begins at 01:00 (UTC-4).
        var havana = PeriodCalendar.ForZone("America/Havana");
        Assert.Equal(UtcAt(2026, 3, 8, 5), havana.StartOfDay(new DateOnly(2026, 3, 8)));
    }

    [Fact]
    public void Day_WhoseMidnightHappensTwice_StartsAtTheFirstOccurrence()
    {
        // Santiago falls back at 24:00 on Saturday 4 April 2026 to 23:00: the last hour of the 4th repeats,
        // and 5 April begins once, at 00:00 UTC-4.
        var santiago = PeriodCalendar.ForZone("America/Santiago");
        Assert.Equal(UtcAt(2026, 4, 5, 4), santiago.StartOfDay(new DateOnly(2026, 4, 5)));
        Assert.Equal(TimeSpan.FromHours(25), santiago.Fixed(new DateOnly(2026, 4, 4), new DateOnly(2026, 4, 4)).Length);
    }

    [Fact]
    public void TryParseMonth_ReadsKeysItWrote_AndRejectsOthers()
    {
        Assert.Equal(NewYork.Month(2026, 12), NewYork.TryParseMonth("2026-12"));
        Assert.Null(NewYork.TryParseMonth("2026-13"));
        Assert.Null(NewYork.TryParseMonth("2026-Q4"));
        Assert.Null(NewYork.TryParseMonth("garbage"));
    }

    [Fact]
    public void ElapsedFraction_IsClampedBetweenZeroAndOne()
    {
        var period = Utc.Month(2026, 4); // 30 days
        Assert.Equal(0m, period.ElapsedFraction(period.Start.AddDays(-1)));
        Assert.Equal(0.5m, period.ElapsedFraction(period.Start.AddDays(15)));
        Assert.Equal(1m, period.ElapsedFraction(period.End.AddDays(1)));
    }

    private static Arbitrary<(DateTimeOffset Instant, string Zone)> InstantsAndZones() =>
        Gen.Zip(
                Gen.Choose(0, 365 * 60), // days after 1 January 1990: to 2050
                Gen.Choose(0, (24 * 60 * 60) - 1),
                (day, second) => new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(day).AddSeconds(second))
            .SelectMany(_ => Gen.Elements(Zones), (instant, zone) => (instant, zone))
            .ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Containing_HoldsTheInstant_AndMonthsTileTime() =>
        Prop.ForAll(InstantsAndZones(), sample =>
        {
            var calendar = PeriodCalendar.ForZone(sample.Zone);
            var month = calendar.Containing(sample.Instant, PeriodKind.Monthly);
            var next = calendar.Containing(month.End, PeriodKind.Monthly);
            var previous = calendar.Containing(month.Start.AddTicks(-1), PeriodKind.Monthly);
            var quarter = calendar.Containing(sample.Instant, PeriodKind.Quarterly);
            return month.Contains(sample.Instant)
                && quarter.Contains(sample.Instant)
                && next.Start == month.End
                && previous.End == month.Start
                && next.FirstDay == month.LastDay.AddDays(1)
                && month.Start < month.End
                && calendar.LocalDate(month.Start) == month.FirstDay
                && calendar.LocalDate(month.End.AddTicks(-1)) == month.LastDay
                && month.Length >= TimeSpan.FromDays(28) - TimeSpan.FromHours(1)
                && month.Length <= TimeSpan.FromDays(31) + TimeSpan.FromHours(1);
        });
}
