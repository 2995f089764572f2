using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests;

public sealed class AuthorizerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly EffectiveLimits Limits = new(100m, 110m);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

    [Fact]
    public void Reserve_BelowSoftLimit_AllowsWithinBudgetAndHolds()
    {
        var ledger = new LedgerState("USD");
        var decision = Authorizer.Reserve(ledger, Limits, "r1", 40m, null, Now, Hold);

        Assert.Equal((true, DecisionReasons.WithinBudget, true), (decision.Allowed, decision.Reason, decision.Held));
        Assert.Equal(40m, ledger.Reserved);
    }

    [Fact]
    public void Reserve_BetweenSoftAndHard_AllowsFlagged()
    {
        var ledger = Spent(95m);
        var decision = Authorizer.Reserve(ledger, Limits, "r1", 10m, null, Now, Hold);

        Assert.Equal((true, DecisionReasons.SoftLimitExceeded), (decision.Allowed, decision.Reason));
    }

    [Fact]
    public void Reserve_PastHardLimit_DeniesAndHoldsNothing()
    {
        var ledger = Spent(100m);
        var decision = Authorizer.Reserve(ledger, Limits, "r1", 10.01m, null, Now, Hold);

        Assert.Equal((false, DecisionReasons.HardLimitReached, false), (decision.Allowed, decision.Reason, decision.Held));
        Assert.Equal(0m, ledger.Reserved);
    }

    [Fact]
    public void Reserve_CountsOpenHoldsAgainstTheLimit()
    {
        var ledger = new LedgerState("USD");
        Assert.True(Authorizer.Reserve(ledger, Limits, "a", 60m, null, Now, Hold).Allowed);
        Assert.True(Authorizer.Reserve(ledger, Limits, "b", 50m, null, Now, Hold).Allowed);
        Assert.False(Authorizer.Reserve(ledger, Limits, "c", 0.01m, null, Now, Hold).Allowed);
    }

    [Fact]
    public void Reserve_SameRequestIdAgain_GivesTheSameAnswerAndHoldsOnce()
    {
        var ledger = new LedgerState("USD");
        Authorizer.Reserve(ledger, Limits, "r1", 40m, null, Now, Hold);
        var retry = Authorizer.Reserve(ledger, Limits, "r1", 40m, null, Now, Hold);

        Assert.True(retry.Allowed);
        Assert.False(retry.Held);
        Assert.Equal(40m, ledger.Reserved);
    }

    [Fact]
    public void Reserve_ExpiredHolds_LapseAndFreeTheirRoom()
    {
        var ledger = new LedgerState("USD");
        Authorizer.Reserve(ledger, Limits, "old", 110m, null, Now, Hold);

        Assert.False(Authorizer.Reserve(ledger, Limits, "new", 1m, null, Now.AddMinutes(9), Hold).Allowed);
        Assert.True(Authorizer.Reserve(ledger, Limits, "new", 1m, null, Now.AddMinutes(10), Hold).Allowed);
    }

    [Fact]
    public void Reserve_ApprovedOverride_AllowsAboveTheHardLimitForItsWorkflowOnly()
    {
        var ledger = Spent(110m);
        ledger.Overrides["o1"] = new BudgetOverride("o1", 50m, Now.AddHours(72), "launch");

        var launch = Authorizer.Reserve(ledger, Limits, "r1", 20m, "launch", Now, Hold);
        var other = Authorizer.Reserve(ledger, Limits, "r2", 20m, "chat", Now, Hold);
        var afterExpiry = Authorizer.Reserve(ledger, Limits, "r3", 1m, "launch", Now.AddHours(73), Hold);

        Assert.Equal((true, DecisionReasons.Override, "o1"), (launch.Allowed, launch.Reason, launch.OverrideId));
        Assert.False(other.Allowed);
        Assert.False(afterExpiry.Allowed);
    }

    [Fact]
    public void Reserve_AtTheCapOfOpenHolds_AsksToRetryAndHoldsNothing()
    {
        var ledger = new LedgerState("USD");
        var roomy = new EffectiveLimits(1_000_000m, 1_000_000m);
        for (var i = 0; i < HoldCapacity.MaxHolds; i++)
        {
            Assert.True(Authorizer.Reserve(ledger, roomy, $"r{i}", 1m, null, Now, Hold).Allowed);
        }

        var full = Authorizer.Reserve(ledger, roomy, "one-more", 1m, null, Now, Hold);

        Assert.Equal((false, DecisionReasons.TooManyOpenReservations), (full.Allowed, full.Reason));
        Assert.Equal(HoldCapacity.MaxHolds, ledger.Reservations.Count);
    }

    [Fact]
    public void Reserve_WithLongRequestIds_StopsAtTheRowsRoomBeforeTheCount()
    {
        var ledger = new LedgerState("USD");
        var roomy = new EffectiveLimits(1_000_000m, 1_000_000m);
        var held = 0;
        while (Authorizer.Reserve(ledger, roomy, $"{held:D6}".PadRight(200, 'x'), 1m, null, Now, Hold).Allowed)
        {
            held++;
        }

        // Stopped by the row's room (each check leaves room for an override's reason and id), long before the count.
        var largest = HoldCapacity.Chars(new string('x', 200), new string('o', HoldCapacity.MaxOverrideIdChars), DecisionReasons.SoftLimitExceeded, leased: false);
        Assert.InRange(ledger.HoldChars, HoldCapacity.BudgetChars - largest + 1, HoldCapacity.BudgetChars);
        Assert.True(held < HoldCapacity.MaxHolds / 3, $"{held} holds");
        Assert.True(ledger.Reservations.Values.Sum(HoldCapacity.Chars) <= HoldCapacity.BudgetChars);
    }

    [Fact]
    public void PilotRules_CapTheHardLimitAt100Percent()
    {
        var pool = TestData.Pool(amount: 1000m) with { Stage = PoolStage.Pilot, SoftLimitPercent = 100m, HardLimitPercent = 120m };

        var limits = StagePolicy.Default.LimitsOf(pool);

        Assert.Equal(new EffectiveLimits(1000m, 1000m), limits);
        Assert.Equal(new EffectiveLimits(1000m, 1200m), StagePolicy.Default.LimitsOf(pool with { Stage = PoolStage.Steady }));
    }

    private enum Step
    {
        Reserve,
        Settle,
        Advance,
        Grant,
    }

    /// <summary>
    /// The invariant: whatever the interleaving of reserve, settle (actual ≤ estimate),
    /// expiry and override grants, settled + held never exceeds the hard limit plus the
    /// headroom of overrides in force.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property SpentPlusReserved_NeverExceedsHardLimitPlusOverrides() =>
        Prop.ForAll(Steps().ToArbitrary(), steps =>
        {
            var ledger = new LedgerState("USD");
            var now = Now;
            var next = 0;
            foreach (var (step, cents, pick) in steps)
            {
                switch (step)
                {
                    case Step.Reserve:
                        Authorizer.Reserve(ledger, Limits, $"r{next++}", cents / 100m, pick % 2 == 0 ? "launch" : null, now, Hold);
                        break;
                    case Step.Settle when ledger.Reservations.Count > 0:
                        var held = ledger.Reservations.Values.ElementAt(pick % ledger.Reservations.Count);
                        ledger.Count(TestData.Counted(Math.Min(held.Amount, cents / 100m), held.Id));
                        ledger.Settle(held.Id);
                        break;
                    case Step.Advance:
                        now = now.AddMinutes(pick % 15);
                        ledger.ExpireReservations(now);
                        break;
                    case Step.Grant:
                        ledger.Overrides[$"o{next++}"] = new BudgetOverride($"o{next}", cents / 100m, now.AddMinutes(pick % 30), pick % 3 == 0 ? "launch" : null);
                        break;
                }

                // Holds made under an override stay bounded by it; unscoped limit applies to the rest.
                var bound = Limits.Hard + ledger.Overrides.Values.Sum(o => o.Amount);
                if (ledger.Spent + ledger.Reserved > bound)
                {
                    return false;
                }
            }

            return true;
        });

    private static Gen<(Step, int, int)[]> Steps() =>
        (from step in Gen.Elements(Step.Reserve, Step.Reserve, Step.Reserve, Step.Settle, Step.Advance, Step.Grant)
         from cents in Gen.Choose(0, 4000)
         from pick in Gen.Choose(0, 1000)
         select (step, cents, pick)).ArrayOf();

    private static LedgerState Spent(decimal amount)
    {
        var ledger = new LedgerState("USD");
        ledger.Count(TestData.Counted(amount));
        return ledger;
    }
}
