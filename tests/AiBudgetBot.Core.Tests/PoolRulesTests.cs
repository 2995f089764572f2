using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;

namespace AiBudgetBot.Core.Tests;

public sealed class PoolRulesTests
{
    private static IReadOnlyList<string> Validate(Pool pool) => PoolRules.Validate(pool, "USD");

    [Fact]
    public void ValidPools_HaveNoErrors()
    {
        Assert.Empty(Validate(TestData.Pool()));
        Assert.Empty(Validate(TestData.Pool("launch.q4", PoolKind.Project, period: PeriodKind.Fixed,
            end: new DateOnly(2026, 3, 31), workflows: ["campaign-gen"])));
        Assert.Empty(Validate(TestData.Pool(amount: 0.000001m, soft: 100m, hard: 100m, thresholds: [])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/id")]
    [InlineData("a65-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Id_NotAnIdentifier_IsRefused(string id) =>
        Assert.Contains($"pool id '{id}' must be 1-64 letters, digits, '-' or '_'.", Validate(TestData.Pool(id)));

    [Fact]
    public void Amount_InAnotherCurrency_IsRefused() =>
        Assert.Contains("amount is in EUR but the organization keeps USD.", Validate(TestData.Pool(currency: "EUR")));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Amount_NotPositive_IsRefused(int amount) =>
        Assert.Contains("amount must be greater than zero.", Validate(TestData.Pool(amount: amount)));

    [Fact]
    public void Amount_WithMoreThanSixDecimals_IsRefused() =>
        Assert.Contains("amount has more than six decimal places.", Validate(TestData.Pool(amount: 10.0000001m)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void SoftLimit_NotPositive_IsRefused(int soft) =>
        Assert.Contains("softLimitPercent must be greater than zero.", Validate(TestData.Pool(soft: soft, hard: 100m)));

    [Fact]
    public void HardLimit_BelowSoftLimit_IsRefused() =>
        Assert.Contains("hardLimitPercent (80) must be at least softLimitPercent (90).", Validate(TestData.Pool(soft: 90m, hard: 80m)));

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    [InlineData(1000.5)]
    public void Threshold_OutOfRange_IsRefused(double threshold) =>
        Assert.Contains("thresholds must be percentages between 0 (exclusive) and 1000.",
            Validate(TestData.Pool(thresholds: [50m, (decimal)threshold])));

    [Fact]
    public void Threshold_OfExactly1000_IsAccepted() =>
        Assert.Empty(Validate(TestData.Pool(thresholds: [1000m])));

    [Fact]
    public void Thresholds_Repeating_AreRefused() =>
        Assert.Contains("thresholds must not repeat.", Validate(TestData.Pool(thresholds: [50m, 75m, 50.0m])));

    [Fact]
    public void End_BeforeStart_IsRefused() =>
        Assert.Contains("end (2025-12-31) is before start (2026-01-01).", Validate(TestData.Pool(end: new DateOnly(2025, 12, 31))));

    [Fact]
    public void FixedPeriod_WithoutEnd_IsRefused() =>
        Assert.Contains("a fixed period needs an end date.", Validate(TestData.Pool("p", PoolKind.Project, period: PeriodKind.Fixed)));

    [Fact]
    public void Baseline_ListingWorkflows_IsRefused() =>
        Assert.Contains("a baseline pool takes everything not routed elsewhere; list workflows on project pools instead.",
            Validate(TestData.Pool(workflows: ["campaign-gen"])));

    [Fact]
    public void Workflow_NotAnIdentifier_IsRefused() =>
        Assert.Contains("workflow 'bad workflow' must be 1-64 letters, digits, '-' or '_'.",
            Validate(TestData.Pool("p", PoolKind.Project, workflows: ["ok", "bad workflow"])));

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst() =>
        Assert.Equal(4, Validate(TestData.Pool("bad id", amount: -1m, soft: 0m, hard: -1m)).Count);

    [Fact]
    public void Limits_AreThePercentagesOfTheAmount_RoundedToMicros()
    {
        var pool = TestData.Pool(amount: 333.333333m, soft: 80m, hard: 110m);
        Assert.Equal(266.666666m, pool.SoftLimit.Amount); // 266.6666664 rounded
        Assert.Equal(366.666666m, pool.HardLimit.Amount); // 366.6666663 rounded
    }
}
