using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests;

public sealed class ForecastTests
{
    // April 2026 in UTC: 30 days, from 1 April 00:00Z to 1 May 00:00Z.
    private static readonly BudgetPeriod April = PeriodCalendar.ForZone("UTC").Month(2026, 4);

    private static DateTimeOffset Day(double days) => April.Start.AddDays(days);

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void EndOfPeriod_BeforeADayHasPassed_IsNotProjected(double days) =>
        Assert.Null(Forecast.EndOfPeriod(100m, April, Day(days)));

    [Fact]
    public void EndOfPeriod_IsAStraightLineFromTheBurnRateSoFar()
    {
        Assert.Equal(3000m, Forecast.EndOfPeriod(100m, April, Day(1)));
        Assert.Equal(300m, Forecast.EndOfPeriod(150m, April, Day(15)));
        Assert.Equal(0m, Forecast.EndOfPeriod(0m, April, Day(10)));
    }

    [Fact]
    public void EndOfPeriod_IsRoundedToCents() =>
        Assert.Equal(333.33m, Forecast.EndOfPeriod(100m, April, Day(9)));

    [Fact]
    public void EndOfPeriod_AfterThePeriod_IsWhatWasSpent() =>
        Assert.Equal(123.45m, Forecast.EndOfPeriod(123.45m, April, Day(31)));

    [Fact]
    public void EndOfPeriod_UsesTheRealLengthOfADstMonth()
    {
        // March 2026 in New York is 743 hours long, so after 74.3 hours (10 %) the projection is ten times the spend.
        var march = PeriodCalendar.ForZone("America/New_York").Month(2026, 3);
        Assert.Equal(1000m, Forecast.EndOfPeriod(100m, march, march.Start.AddHours(74.3)));
    }

    [Fact]
    public void RunsOutAt_IsWhenTheStraightLineReachesTheLimit()
    {
        // $100 in 5 days: $20 a day, so $500 is reached 20 days after the 5th, on day 25.
        Assert.Equal(Day(25), Forecast.RunsOutAt(100m, 500m, April, Day(5)));
    }

    [Fact]
    public void RunsOutAt_AfterThePeriodEnds_IsNull() =>
        // $10 a day reaches $500 on day 50; April has 30.
        Assert.Null(Forecast.RunsOutAt(50m, 500m, April, Day(5)));

    [Fact]
    public void RunsOutAt_ExactlyAtTheEnd_IsNull() =>
        Assert.Null(Forecast.RunsOutAt(100m, 600m, April, Day(5)));

    [Theory]
    [InlineData(500)]
    [InlineData(600)]
    public void RunsOutAt_AlreadyAtOrOverTheLimit_IsNow(int spent) =>
        Assert.Equal(Day(0.5), Forecast.RunsOutAt(spent, 500m, April, Day(0.5)));

    [Fact]
    public void RunsOutAt_WithNothingSpent_OrTooEarly_OrAfterTheEnd_IsNull()
    {
        Assert.Null(Forecast.RunsOutAt(0m, 500m, April, Day(10)));
        Assert.Null(Forecast.RunsOutAt(100m, 500m, April, Day(0.9)));
        Assert.Null(Forecast.RunsOutAt(100m, 500m, April, Day(30)));
    }

    [Theory]
    [InlineData("0.000001", "1000000")]
    [InlineData("0.000001", "79228162514264337593543950335")]
    [InlineData("1", "1000000000000")]
    public void RunsOutAt_FarBeyondAnyDate_IsNull_NotAnOverflow(string spent, string limit)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Null(Forecast.RunsOutAt(decimal.Parse(spent, invariant), decimal.Parse(limit, invariant), April, Day(1)));
    }
}
