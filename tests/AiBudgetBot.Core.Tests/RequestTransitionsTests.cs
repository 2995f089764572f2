using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Requests;

namespace AiBudgetBot.Core.Tests;

public sealed class RequestTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly Team Marketing = new("marketing", "Marketing", ["dana", "sam"], ["alice"], TeamChannels.None, null, []);

    private static readonly Person Dana = new("dana", "Dana", null, null, null, []);
    private static readonly Person Alice = new("alice", "Alice", null, null, null, []);
    private static readonly Person Ada = new("ada", "Ada", null, null, null, ["finance"]);

    private static BudgetRequest Request(RequestKind kind = RequestKind.Override, params Approver[] steps) =>
        new("marketing:r1", "marketing", "baseline", kind, RequestState.Pending, "alice", "launch", 250m, null, 48, null, false, false,
            steps.Length == 0 ? [Approver.Owner] : steps, [], Now, Now.AddHours(72));

    [Fact]
    public void Approve_SingleStep_ApprovesAndSetsTheOverrideEnd()
    {
        var t = RequestTransitions.Decide(Request(), "dana", Approver.Owner, approve: true, Now);

        Assert.Equal(RequestState.Approved, t.Request!.State);
        Assert.Equal(Now.AddHours(48), t.Request.GrantedUntil);
        Assert.Equal("dana", t.Request.FinalDecision!.PersonId);
    }

    [Fact]
    public void Approve_FirstOfTwoSteps_StaysPendingForFinance()
    {
        var t = RequestTransitions.Decide(Request(RequestKind.Increase, Approver.Owner, Approver.Finance), "dana", Approver.Owner, true, Now);

        Assert.Equal(RequestState.Pending, t.Request!.State);
        Assert.Equal(Approver.Finance, t.Request.CurrentStep);
        var second = RequestTransitions.Decide(t.Request, "ada", Approver.Finance, true, Now);
        Assert.Equal(RequestState.Approved, second.Request!.State);
    }

    [Fact]
    public void Deny_EndsTheRequestAtAnyStep()
    {
        var t = RequestTransitions.Decide(Request(RequestKind.Increase, Approver.Owner, Approver.Finance), "dana", Approver.Owner, false, Now);

        Assert.Equal(RequestState.Denied, t.Request!.State);
        Assert.Null(t.Request.CurrentStep);
    }

    [Theory]
    [InlineData(RequestState.Approved)]
    [InlineData(RequestState.Denied)]
    [InlineData(RequestState.Expired)]
    [InlineData(RequestState.Withdrawn)]
    public void FinalStates_DoNotMove(RequestState state)
    {
        var final = Request() with { State = state };

        Assert.False(RequestTransitions.Decide(final, "dana", Approver.Owner, true, Now).Succeeded);
        Assert.False(RequestTransitions.Withdraw(final, "alice").Succeeded);
    }

    [Fact]
    public void Decide_AfterTheDeadline_IsRefused()
    {
        Assert.False(RequestTransitions.Decide(Request(), "dana", Approver.Owner, true, Now.AddHours(72)).Succeeded);
    }

    [Fact]
    public void Expire_PendingPastDeadline_AndApprovedOverridePastItsEnd()
    {
        Assert.False(RequestTransitions.Expire(Request(), Now.AddHours(71)).Succeeded);
        Assert.Equal(RequestState.Expired, RequestTransitions.Expire(Request(), Now.AddHours(72)).Request!.State);
        var approved = RequestTransitions.Decide(Request(), "dana", Approver.Owner, true, Now).Request!;
        Assert.False(RequestTransitions.Expire(approved, Now.AddHours(47)).Succeeded);
        Assert.Equal(RequestState.Expired, RequestTransitions.Expire(approved, Now.AddHours(48)).Request!.State);
    }

    [Fact]
    public void Withdraw_OnlyByTheRequester()
    {
        Assert.False(RequestTransitions.Withdraw(Request(), "dana").Succeeded);
        Assert.Equal(RequestState.Withdrawn, RequestTransitions.Withdraw(Request(), "alice").Request!.State);
    }

    [Fact]
    public void Check_RequesterNeverDecidesTheirOwnRequest()
    {
        var own = Request() with { RequesterId = "dana" };

        Assert.Contains("someone else", DeciderRules.Check(own, Dana, Marketing).Refusal);
    }

    [Fact]
    public void Check_OwnerStep_NeedsAnOwner_FinanceStep_NeedsFinance()
    {
        Assert.Equal(Approver.Owner, DeciderRules.Check(Request(), Dana, Marketing).Capacity);
        Assert.False(DeciderRules.Check(Request(), Ada, Marketing).Allowed);
        var finance = Request(RequestKind.Override, Approver.Finance);
        Assert.False(DeciderRules.Check(finance, Dana, Marketing).Allowed);
        Assert.Equal(Approver.Finance, DeciderRules.Check(finance, Ada, Marketing).Capacity);
        Assert.False(DeciderRules.Check(Request(), Alice with { Id = "bob" }, Marketing).Allowed);
    }

    [Fact]
    public void Check_OnePersonDoesNotDecideTwoSteps()
    {
        var danaFinance = Dana with { Roles = ["finance"] };
        var afterOwner = RequestTransitions.Decide(Request(RequestKind.Increase, Approver.Owner, Approver.Finance), "dana", Approver.Owner, true, Now).Request!;

        Assert.False(DeciderRules.Check(afterOwner, danaFinance, Marketing).Allowed);
    }

    [Fact]
    public void Steps_FollowStageEscalationAndKind()
    {
        Assert.Equal([Approver.Owner], DeciderRules.StepsFor(RequestKind.Override, StageRules.SteadyDefault, 250m, 1000m));
        Assert.Equal([Approver.Finance], DeciderRules.StepsFor(RequestKind.Override, StageRules.PilotDefault, 250m, 1000m));
        Assert.Equal([Approver.Finance], DeciderRules.StepsFor(RequestKind.Override, StageRules.SteadyDefault, 1500m, 1000m));
        Assert.Equal([Approver.Owner], DeciderRules.StepsFor(RequestKind.Override, StageRules.SteadyDefault, 1500m, 0m));
        Assert.Equal([Approver.Owner, Approver.Finance], DeciderRules.StepsFor(RequestKind.Increase, StageRules.SteadyDefault, 100m, 1000m));
        Assert.Equal([Approver.Owner], DeciderRules.StepsFor(RequestKind.Increase, StageRules.SteadyDefault, 100m, 1000m, expedite: true));
        Assert.Equal([Approver.Finance], DeciderRules.StepsFor(RequestKind.Increase, StageRules.SteadyDefault, 5000m, 1000m, expedite: true));
        Assert.Equal([Approver.Owner], DeciderRules.StepsFor(RequestKind.Graduation, StageRules.SteadyDefault, null, 1000m));
        Assert.Equal([Approver.Owner, Approver.Finance], DeciderRules.StepsFor(RequestKind.Graduation, StageRules.SteadyDefault, null, 1000m, targetNeedsFinance: true));
        Assert.Equal([Approver.Owner], DeciderRules.StepsFor(RequestKind.Onboarding, StageRules.PilotDefault, null, 1000m));
    }
}
