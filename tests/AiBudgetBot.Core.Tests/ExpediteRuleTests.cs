using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Requests;

namespace AiBudgetBot.Core.Tests;

public sealed class ExpediteRuleTests
{
    private static ExpediteAssessment Assess(decimal spend, decimal value, decimal threshold = 5m) =>
        ExpediteRule.Assess(new RoiFigures(spend, value, 0m, 50m), "2026-11", threshold, "USD");

    [Fact]
    public void FiveTimes_IsExpedited_AndSaysWhy()
    {
        var a = Assess(10_000m, 50_000m);
        Assert.True(a.Expedited);
        Assert.Equal(5m, a.Roi);
        Assert.Equal("Expedited: $10,000 spend in November 2026 produced $50,000 of recorded value: 5.0×, at least the 5× that earns one-step approval (owner only).", a.Evidence);
    }

    [Fact]
    public void FourPointNineTimes_IsNot()
    {
        var a = Assess(10_000m, 49_000m);
        Assert.False(a.Expedited);
        Assert.Equal(4.9m, a.Roi);
        Assert.StartsWith("Not expedited: $10,000 spend in November 2026 produced $49,000 of recorded value: 4.9×", a.Evidence);
    }

    [Fact]
    public void JustUnderFive_IsNotRoundedUp() => Assert.False(Assess(1000m, 4999.99m).Expedited);

    [Fact]
    public void NoSpend_IsNotExpedited()
    {
        var a = Assess(0m, 50_000m);
        Assert.False(a.Expedited);
        Assert.Null(a.Roi);
    }

    [Fact]
    public void Threshold_IsConfigurable() => Assert.True(Assess(1000m, 4000m, threshold: 4m).Expedited);

    [Theory]
    [InlineData(true, 1000, new[] { Approver.Owner })]                    // expedited, at the escalation line: owner only
    [InlineData(true, 1000.01, new[] { Approver.Finance })]               // expedited but above it: finance still decides
    [InlineData(false, 500, new[] { Approver.Owner, Approver.Finance })]  // not expedited: two steps
    public void Increase_Steps_FollowTheExpeditedPath(bool expedite, double amount, Approver[] steps) =>
        Assert.Equal(steps, DeciderRules.StepsFor(RequestKind.Increase, StageRules.SteadyDefault, (decimal)amount, 1000m, expedite));
}
