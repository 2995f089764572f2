using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Core.Tests;

public sealed class OutcomeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    private static Outcome Record(string metric, decimal value, string month = "2026-12", string? workflow = "campaign-copy", string? unit = null, decimal? baseline = null, string? note = null) =>
        new("marketing", month, workflow, metric, value, "alice", Now, unit, baseline, note);

    private static IReadOnlyList<string> Errors(Outcome outcome, int headcount = 3) => OutcomeRules.Validate(outcome, "2026-12", headcount);

    [Theory]
    [InlineData(OutcomeMetrics.HoursSaved, 120)]
    [InlineData(OutcomeMetrics.Value, 8000)]
    [InlineData(OutcomeMetrics.QualityLiftPercent, -12.5)]
    [InlineData(OutcomeMetrics.Throughput, 0)]
    public void Validate_SensibleRecords_Pass(string metric, double value) =>
        Assert.Empty(Errors(Record(metric, (decimal)value)));

    [Theory]
    [InlineData(OutcomeMetrics.HoursSaved)]
    [InlineData(OutcomeMetrics.Value)]
    [InlineData(OutcomeMetrics.Throughput)]
    [InlineData(OutcomeMetrics.CycleTimeHours)]
    public void Validate_Negative_IsRefusedWithWhatToRecord(string metric)
    {
        var error = Assert.Single(Errors(Record(metric, -1m)));
        Assert.Contains($"{metric} cannot be negative", error);
        Assert.Contains("0 or more", error);
    }

    [Fact]
    public void Validate_QualityBelowMinus100_IsRefused() =>
        Assert.Contains("below -100 %", Assert.Single(Errors(Record(OutcomeMetrics.QualityLiftPercent, -100.5m))));

    [Fact]
    public void Validate_FutureMonth_IsRefusedNamingTheLatestAllowed()
    {
        var error = Assert.Single(Errors(Record(OutcomeMetrics.Value, 10m, month: "2027-01")));
        Assert.Equal("month 2027-01 is in the future; record outcomes for 2026-12 or an earlier month.", error);
        Assert.Empty(Errors(Record(OutcomeMetrics.Value, 10m, month: "2026-11")));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("december")]
    [InlineData("2026-1")]
    public void Validate_MalformedMonth_SaysTheForm(string month) =>
        Assert.Contains("must be yyyy-MM", Assert.Single(Errors(Record(OutcomeMetrics.Value, 1m, month: month))));

    [Fact]
    public void Validate_HoursSaved_UpToTheMonthsHoursPerPerson()
    {
        // December: 31 days × 24 h = 744 h; three people: 2,232 h.
        Assert.Empty(Errors(Record(OutcomeMetrics.HoursSaved, 2232m)));
        var error = Assert.Single(Errors(Record(OutcomeMetrics.HoursSaved, 2232.5m)));
        Assert.Contains("more than the 744 hours in 2026-12 for each of the team's 3 people (2,232)", error);
        Assert.Contains("not a running total", error);
    }

    [Fact]
    public void Validate_HoursSaved_February_HasFewerHours()
    {
        var feb = Record(OutcomeMetrics.HoursSaved, 673m, month: "2026-02");
        Assert.Contains("672 hours", Assert.Single(Errors(feb, headcount: 0)));
    }

    [Fact]
    public void Validate_UnitOrBaseline_OnTheWrongMetric_AreRefused()
    {
        Assert.Contains("unit applies to throughput only", Assert.Single(Errors(Record(OutcomeMetrics.HoursSaved, 1m, unit: "tickets"))));
        Assert.Contains("baseline (before) applies to", Assert.Single(Errors(Record(OutcomeMetrics.Value, 1m, baseline: 2m))));
        Assert.Empty(Errors(Record(OutcomeMetrics.CycleTimeHours, 6m, baseline: 12m)));
        Assert.Empty(Errors(Record(OutcomeMetrics.Throughput, 300m, unit: "tickets", baseline: 200m)));
    }

    [Fact]
    public void Validate_UnknownMetric_ListsTheMetrics() =>
        Assert.Contains("hours-saved, cycle-time-hours, throughput, quality-lift-pct, value", Assert.Single(Errors(Record("happiness", 1m))));

    [Fact]
    public void Current_TheLatestRevisionOfEachKeyCounts()
    {
        var first = OutcomeRules.Supersede(null, Record(OutcomeMetrics.HoursSaved, 100m));
        var correction = OutcomeRules.Supersede(first, Record(OutcomeMetrics.HoursSaved, 80m) with { RecordedAt = Now.AddHours(1) });
        var other = OutcomeRules.Supersede(null, Record(OutcomeMetrics.Value, 500m));

        Assert.Equal(1, first.Revision);
        Assert.Equal(2, correction.Revision);
        var current = OutcomeRules.Current([correction, first, other]);
        Assert.Equal(2, current.Count);
        Assert.Equal(80m, current.Single(o => o.Metric == OutcomeMetrics.HoursSaved).Value);
    }

    [Fact]
    public void Key_IgnoresWorkflowCase_AndMarksTheWholeTeam()
    {
        Assert.Equal(Record(OutcomeMetrics.Value, 1m, workflow: "Campaign-Copy").Key, Record(OutcomeMetrics.Value, 2m).Key);
        Assert.Equal("2026-12|*|value", Record(OutcomeMetrics.Value, 1m, workflow: null).Key);
    }
}
