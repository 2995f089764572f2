using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Core.Tests;

public sealed class RoiVerdictTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    private static TeamMonth Month(string month, decimal spend, decimal? value) =>
        new(month, spend == 0m ? [] : new Dictionary<string, decimal> { ["a"] = spend },
            value is { } v ? [new Outcome("marketing", month, "a", OutcomeMetrics.Value, v, "alice", At)] : []);

    private static (RoiClassification Classification, string Reason) Judge(RoiSettings? settings = null, params TeamMonth[] months) =>
        RoiVerdict.Judge(months, settings ?? new RoiSettings(50m), "USD");

    [Theory]
    [InlineData(1000, 3000, RoiClassification.Healthy)]      // exactly the target
    [InlineData(1000, 2999, RoiClassification.BelowTarget)]  // just under it
    [InlineData(1000, 1000, RoiClassification.BelowTarget)]  // exactly break-even is not wasteful
    [InlineData(1000, 999, RoiClassification.Wasteful)]      // just under 1×
    [InlineData(1000, 0, RoiClassification.Wasteful)]        // outcomes recorded, nothing valued
    public void Classification_AtItsBoundaries(int spend, int value, RoiClassification expected) =>
        Assert.Equal(expected, Judge(null, Month("2026-12", spend, value)).Classification);

    [Fact]
    public void Target_IsConfigurable()
    {
        Assert.Equal(RoiClassification.Healthy, Judge(new RoiSettings(50m, TargetRoi: 2m), Month("2026-12", 1000m, 2000m)).Classification);
        Assert.Equal(RoiClassification.BelowTarget, Judge(new RoiSettings(50m, TargetRoi: 2.5m), Month("2026-12", 1000m, 2000m)).Classification);
    }

    [Fact]
    public void Reasons_AreSentencesFinanceCanRepeat()
    {
        Assert.Equal("$1,000 spend produced $2,000 of recorded value: 2.0×, below the 3× target.", Judge(null, Month("2026-12", 1000m, 2000m)).Reason);
        Assert.Equal("$1,000 spend produced $500 of recorded value: 0.5×, less than it cost (target 3×).", Judge(null, Month("2026-12", 1000m, 500m)).Reason);
        Assert.Equal(
            "$1,200 spent in December 2026 and no outcome recorded for the month: record hours saved, throughput or value to show what it bought.",
            Judge(null, Month("2026-12", 1200m, null)).Reason);
    }

    [Fact]
    public void Unproven_SpendAndNoOutcomes_ForTheConfiguredMonths()
    {
        // Default window is one month: outcomes last month do not prove this one.
        Assert.Equal(RoiClassification.Unproven, Judge(null, Month("2026-11", 1000m, 5000m), Month("2026-12", 1000m, null)).Classification);

        // Two months: last month's outcomes still count, so the month is judged on its ROI (0×: wasteful).
        var two = new RoiSettings(50m, UnprovenAfterMonths: 2);
        Assert.Equal(RoiClassification.Wasteful, Judge(two, Month("2026-11", 1000m, 5000m), Month("2026-12", 1000m, null)).Classification);
        var (classification, reason) = Judge(two, Month("2026-11", 800m, null), Month("2026-12", 1000m, null));
        Assert.Equal(RoiClassification.Unproven, classification);
        Assert.Contains("no outcome recorded in the last 2 months", reason);
    }

    [Fact]
    public void Investing_SpendAndValueBothRising_BelowTarget()
    {
        var (classification, reason) = Judge(null, Month("2026-11", 1000m, 500m), Month("2026-12", 2000m, 1500m));
        Assert.Equal(RoiClassification.Investing, classification);
        Assert.Equal("Spend rose from $1,000 to $2,000 and recorded value from $500 to $1,500: 0.7× now, target 3×.", reason);
    }

    [Fact]
    public void Investing_NeedsBothToRise()
    {
        Assert.Equal(RoiClassification.Wasteful, Judge(null, Month("2026-11", 1000m, 500m), Month("2026-12", 2000m, 500m)).Classification);
        Assert.Equal(RoiClassification.Wasteful, Judge(null, Month("2026-11", 3000m, 500m), Month("2026-12", 2000m, 600m)).Classification);
        // A month before with no spend is no trend to speak of.
        Assert.Equal(RoiClassification.Wasteful, Judge(null, Month("2026-11", 0m, null), Month("2026-12", 2000m, 600m)).Classification);
    }

    [Fact]
    public void Healthy_WinsOverInvesting()
    {
        Assert.Equal(RoiClassification.Healthy, Judge(null, Month("2026-11", 1000m, 500m), Month("2026-12", 2000m, 6000m)).Classification);
    }

    [Fact]
    public void NoSpend_IsJudgedFirst_EvenWithoutOutcomes()
    {
        Assert.Equal(RoiClassification.NoSpend, Judge(null, Month("2026-12", 0m, null)).Classification);
        Assert.Equal("no-spend", RoiClassification.NoSpend.Name());
        Assert.Equal("below-target", RoiClassification.BelowTarget.Name());
    }
}
