using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Core.Tests;

public sealed class StoreDownPolicyTests
{
    private static readonly StoreDownPolicy Defaults = new();

    [Fact]
    public void Defaults_PilotFailsClosed_SteadyFailsOpen_SandboxFailsClosed()
    {
        Assert.Equal(StoreDownMode.Closed, Defaults.For(TestData.Pool() with { Stage = PoolStage.Pilot }));
        Assert.Equal(StoreDownMode.Open, Defaults.For(TestData.Pool() with { Stage = PoolStage.Steady }));
        Assert.Equal(StoreDownMode.Closed, Defaults.For(TestData.Pool("sandbox", PoolKind.Sandbox)));
    }

    [Fact]
    public void UnknownPool_FailsClosed_WhateverTheSettings()
    {
        var open = new StoreDownPolicy(StoreDownMode.Open, StoreDownMode.Open, StoreDownMode.Open);
        Assert.Equal(StoreDownMode.Closed, open.For(null));
    }

    [Fact]
    public void Sandbox_FollowsItsOwnSetting_NotItsStage()
    {
        var policy = new StoreDownPolicy(Pilot: StoreDownMode.Closed, Steady: StoreDownMode.Closed, Sandbox: StoreDownMode.Open);
        Assert.Equal(StoreDownMode.Open, policy.For(TestData.Pool("sandbox", PoolKind.Sandbox) with { Stage = PoolStage.Pilot }));
    }

    [Fact]
    public void Reasons_SayWhichWayItFailed()
    {
        Assert.Equal("store-unavailable-fail-open", StoreDownPolicy.ReasonOf(StoreDownMode.Open));
        Assert.Equal("store-unavailable-fail-closed", StoreDownPolicy.ReasonOf(StoreDownMode.Closed));
    }
}
