using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Core.Tests;

public sealed class RoiTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly RoiSettings Settings = new(HourlyRate: 50m);

    private static Outcome O(string month, string? workflow, string metric, decimal value, string? unit = null, decimal? baseline = null) =>
        new("marketing", month, workflow, metric, value, "alice", At, unit, baseline);

    private static TeamMonth Month(string month, Dictionary<string, decimal> spend, params Outcome[] outcomes) => new(month, spend, outcomes);

    private static RoiReport Report(params TeamMonth[] months) => RoiCalculator.Report("marketing", months, Settings, "USD");

    [Fact]
    public void Value_IsRecordedValuePlusHoursAtTheHourlyRate()
    {
        // $1,000 spend; $3,000 recorded + 100 h × $50 = $8,000 → 8.0×.
        var report = Report(Month("2026-12", new() { ["campaign-copy"] = 1000m },
            O("2026-12", "campaign-copy", OutcomeMetrics.Value, 3000m),
            O("2026-12", "campaign-copy", OutcomeMetrics.HoursSaved, 100m)));

        Assert.Equal(8000m, report.Figures.Value);
        Assert.Equal(8m, report.Figures.Roi);
        Assert.Equal(RoiClassification.Healthy, report.Classification);
        Assert.Equal("$1,000 spend produced $8,000 of recorded value: 8.0×, target 3×.", report.Reason);
    }

    [Fact]
    public void NoSpend_RoiIsUndefined_NotInfinite()
    {
        var report = Report(Month("2026-12", [], O("2026-12", null, OutcomeMetrics.Value, 5000m)));

        Assert.Null(report.Figures.Roi);
        Assert.Equal(5000m, report.Figures.Value);
        Assert.Equal(RoiClassification.NoSpend, report.Classification);
        Assert.Equal("No spend in December 2026, so there is no return to measure: ROI is undefined.", report.Reason);
    }

    [Fact]
    public void Roi_IsTruncatedNotRounded_So4999IsNot5()
    {
        var figures = new RoiFigures(1000m, 4999m, 0m, 50m);
        Assert.Equal(4.99m, figures.Roi);
        Assert.Equal("4.9×", RoiText.Ratio(figures.Roi!.Value));
    }

    [Fact]
    public void TeamWideOutcomes_CountForTheTeam_NotForAWorkflow()
    {
        var report = Report(Month("2026-12", new() { ["a"] = 600m, ["b"] = 400m },
            O("2026-12", null, OutcomeMetrics.Value, 2000m),
            O("2026-12", "a", OutcomeMetrics.Value, 1200m)));

        Assert.Equal(3200m, report.Figures.Value);
        Assert.Equal(3.2m, report.Figures.Roi);
        var a = report.Workflows.Single(w => w.Workflow == "a");
        var b = report.Workflows.Single(w => w.Workflow == "b");
        Assert.Equal(2m, a.Figures.Roi);
        Assert.Equal(0m, b.Figures.Roi);
        Assert.Equal(["a", "b"], report.Workflows.Select(w => w.Workflow));
    }

    [Fact]
    public void UnitCost_IsSpendPerUnit_WithItsTrend()
    {
        var report = Report(
            Month("2026-11", new() { ["support-replies"] = 300m }, O("2026-11", "support-replies", OutcomeMetrics.Throughput, 200m, "tickets")),
            Month("2026-12", new() { ["support-replies"] = 360m }, O("2026-12", "support-replies", OutcomeMetrics.Throughput, 300m, "tickets", baseline: 180m)));

        var w = Assert.Single(report.Workflows);
        Assert.Equal("tickets", w.Unit);
        Assert.Equal(300m, w.Units);
        Assert.Equal(180m, w.UnitsBaseline);
        Assert.Equal(1.2m, w.CostPerUnit);          // $360 / 300
        Assert.Equal(1.5m, w.PreviousCostPerUnit);  // $300 / 200
        Assert.Equal(-20m, w.CostPerUnitChangePercent);
    }

    [Fact]
    public void UnitCost_WithoutThroughput_IsNull_AndZeroUnitsIsNotAPrice()
    {
        var report = Report(Month("2026-12", new() { ["a"] = 100m, ["b"] = 100m }, O("2026-12", "b", OutcomeMetrics.Throughput, 0m)));
        Assert.All(report.Workflows, w => Assert.Null(w.CostPerUnit));
        Assert.Equal("units", report.Workflows.Single(w => w.Workflow == "b").Unit);
    }

    [Fact]
    public void Workflow_CarriesCycleTimeBeforeAfterAndQuality()
    {
        var report = Report(Month("2026-12", new() { ["review"] = 100m },
            O("2026-12", "review", OutcomeMetrics.CycleTimeHours, 6m, baseline: 12m),
            O("2026-12", "review", OutcomeMetrics.QualityLiftPercent, 4.5m)));
        var w = Assert.Single(report.Workflows);
        Assert.Equal(12m, w.CycleTimeBefore);
        Assert.Equal(6m, w.CycleTimeAfter);
        Assert.Equal(4.5m, w.QualityLiftPercent);
    }

    [Fact]
    public void Quarter_SumsTheMonthAndTheTwoBefore()
    {
        var report = Report(
            Month("2026-09", new() { ["a"] = 10_000m }, O("2026-09", "a", OutcomeMetrics.Value, 1m)),
            Month("2026-10", new() { ["a"] = 1000m }, O("2026-10", "a", OutcomeMetrics.Value, 2000m)),
            Month("2026-11", new() { ["a"] = 500m }, O("2026-11", "a", OutcomeMetrics.HoursSaved, 20m)),
            Month("2026-12", new() { ["a"] = 500m }, O("2026-12", "a", OutcomeMetrics.Value, 3000m)));

        Assert.Equal("2026-10", report.QuarterFrom);
        Assert.Equal(2000m, report.Quarter.Spend);
        Assert.Equal(6000m, report.Quarter.Value); // 2,000 + 20 h × 50 + 3,000
        Assert.Equal(3m, report.Quarter.Roi);
    }

    [Fact]
    public void Corrections_OnlyTheCurrentRevisionCounts()
    {
        var first = OutcomeRules.Supersede(null, O("2026-12", "a", OutcomeMetrics.Value, 9000m));
        var fixedUp = OutcomeRules.Supersede(first, O("2026-12", "a", OutcomeMetrics.Value, 900m));
        var report = Report(Month("2026-12", new() { ["a"] = 1000m }, [.. OutcomeRules.Current([first, fixedUp])]));

        Assert.Equal(900m, report.Figures.Value);
        Assert.Equal(0.9m, report.Figures.Roi);
    }
}
