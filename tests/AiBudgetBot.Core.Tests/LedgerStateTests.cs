using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests;

public sealed class LedgerStateTests
{
    private static readonly BudgetPeriod December = PeriodCalendar.ForZone("UTC").Month(2026, 12);

    private static CountedEvent Counted(
        decimal cost, string? user = "alice", string? workflow = "campaign-gen", string model = "gpt-4o",
        ModelTier? tier = ModelTier.Frontier, long input = 100, long output = 50, string currency = "USD") =>
        new(TestData.Event(user: user, workflow: workflow, model: model, tokens: new TokenCounts(input, output, 0)),
            "baseline", December, new Money.Money(cost, currency), tier);

    [Fact]
    public void Count_AddsToSpentAndEventsAndEveryBreakdown()
    {
        var ledger = new LedgerState("USD");
        ledger.Count(Counted(1.25m));
        ledger.Count(Counted(0.75m, user: "bob", model: "gpt-4o-mini", tier: ModelTier.Economy, input: 10, output: 5));

        Assert.Equal(2.00m, ledger.Spent);
        Assert.Equal(2, ledger.Events);
        Assert.Equal(new SpendLine(2.00m, 2, 110, 55), ledger.ByWorkflow["campaign-gen"]);
        Assert.Equal(new SpendLine(1.25m, 1, 100, 50), ledger.ByModel["gpt-4o"]);
        Assert.Equal(new SpendLine(0.75m, 1, 10, 5), ledger.ByModel["gpt-4o-mini"]);
        Assert.Equal(new SpendLine(1.25m, 1, 100, 50), ledger.ByTier["frontier"]);
        Assert.Equal(new SpendLine(0.75m, 1, 10, 5), ledger.ByTier["economy"]);
        Assert.Equal(1.25m, ledger.ByUser["ALICE"].Cost); // keys ignore case
        Assert.Equal(0.75m, ledger.ByUser["bob"].Cost);
        Assert.Equal(new Money.Money(2.00m, "USD"), ledger.SpentMoney);
    }

    [Fact]
    public void Count_WithoutUserWorkflowOrTier_IsFiledUnderNone()
    {
        var ledger = new LedgerState("USD");
        ledger.Count(Counted(1m, user: null, workflow: null, tier: null));
        ledger.Count(Counted(2m, user: " ", workflow: ""));

        Assert.Equal(3m, ledger.ByUser[LedgerState.Unattributed].Cost);
        Assert.Equal(3m, ledger.ByWorkflow[LedgerState.Unattributed].Cost);
        Assert.Equal(1m, ledger.ByTier[LedgerState.Unattributed].Cost);
        Assert.Equal("(none)", LedgerState.Unattributed);
    }

    [Fact]
    public void Count_InAnotherCurrency_IsRefused()
    {
        var ledger = new LedgerState("USD");
        Assert.Throws<CurrencyMismatchException>(() => ledger.Count(Counted(1m, currency: "EUR")));
        Assert.Equal(0m, ledger.Spent);
        Assert.Equal(0, ledger.Events);
    }

    [Fact]
    public void Clone_IsDeep_ChangingTheCloneLeavesTheOriginal()
    {
        var original = new LedgerState("USD") { HighestThresholdAlerted = 50m };
        original.Count(Counted(1m));
        original.Hold(Held("a", 2m));

        var clone = original.Clone();
        clone.Count(Counted(5m, user: "bob", model: "o3", tier: ModelTier.Reasoning));
        clone.Hold(Held("b", 3m));
        clone.HighestThresholdAlerted = 75m;
        clone.ByModel.Clear();

        Assert.Equal(1m, original.Spent);
        Assert.Equal(2m, original.Reserved);
        Assert.Equal(1, original.Events);
        Assert.Equal(50m, original.HighestThresholdAlerted);
        Assert.Equal(new SpendLine(1m, 1, 100, 50), original.ByWorkflow["campaign-gen"]);
        Assert.Single(original.ByModel);
        Assert.Single(original.ByUser);
        Assert.Single(original.ByTier);
        Assert.Equal(6m, clone.Spent);
        Assert.Equal(new SpendLine(6m, 2, 200, 100), clone.ByWorkflow["campaign-gen"]);
    }

    [Fact]
    public void Clone_CopiesEverything()
    {
        var original = new LedgerState("EUR") { HighestThresholdAlerted = 90m };
        original.Count(Counted(1.5m, currency: "EUR"));
        original.Hold(Held("a", 0.5m));
        var clone = original.Clone();
        Assert.Equal((original.Currency, original.Spent, original.Reserved, original.Events, original.HighestThresholdAlerted),
            (clone.Currency, clone.Spent, clone.Reserved, clone.Events, clone.HighestThresholdAlerted));
        Assert.Equal(original.ByUser, clone.ByUser);
        Assert.Equal(original.ByUser.Comparer, clone.ByUser.Comparer);
    }

    [Fact]
    public void Settle_ReleasesOnlyThatReservation_AndReportsWhetherThereWasOne()
    {
        var ledger = new LedgerState("USD");
        ledger.Hold(Held("a", 1m));
        ledger.Hold(Held("b", 0.4m));
        Assert.True(ledger.Settle("a"));
        Assert.Equal(0.4m, ledger.Reserved);
        Assert.False(ledger.Settle("a"));
        Assert.Equal(0.4m, ledger.Reserved);
    }

    [Fact]
    public void Hold_OfANegativeAmount_IsRefused_SoReservedNeverGoesNegative()
    {
        var ledger = new LedgerState("USD");
        ledger.Hold(Held("a", 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Hold(Held("b", -2m)));
        Assert.Equal(1m, ledger.Reserved);
    }

    [Fact]
    public void ExpireReservations_DropsOnlyThoseDue()
    {
        var ledger = new LedgerState("USD");
        var now = new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
        ledger.Hold(new Reservation("old", 1m, now, DecisionReasons.WithinBudget, null));
        ledger.Hold(new Reservation("new", 2m, now.AddSeconds(1), DecisionReasons.WithinBudget, null));
        Assert.Equal(1, ledger.ExpireReservations(now));
        Assert.Equal(2m, ledger.Reserved);
    }

    [Fact]
    public void Committed_IsSpentPlusReserved()
    {
        var ledger = new LedgerState("USD");
        ledger.Count(Counted(3m));
        ledger.Hold(Held("a", 2m));
        Assert.Equal(new Money.Money(5m, "USD"), ledger.Committed);
        Assert.Equal(new Money.Money(2m, "USD"), ledger.ReservedMoney);
    }

    [Fact]
    public void PercentUsed_IsSpentOverAmount()
    {
        var ledger = LedgerState.Restore("USD", 250m, 3, 0m);
        Assert.Equal(25m, ledger.PercentUsed(TestData.Pool(amount: 1000m)));
        Assert.Equal(0m, ledger.PercentUsed(TestData.Pool(amount: 0m)));
    }

    [Fact]
    public void Restore_KeepsTheStoredTotals()
    {
        var ledger = LedgerState.Restore("USD", 12.5m, 7, 75m);
        Assert.Equal((12.5m, 0m, 7L, 75m), (ledger.Spent, ledger.Reserved, ledger.Events, ledger.HighestThresholdAlerted));
        Assert.Empty(ledger.ByModel);
    }

    private static readonly string[] Users = ["alice", "bob", "carol"];
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "o3"];

    private static Arbitrary<(long Micros, int User, int Model)[]> Events() =>
        (from micros in Gen.Choose(0, 50_000_000)
         from user in Gen.Choose(-1, 2)
         from model in Gen.Choose(0, 2)
         select ((long)micros, user, model)).ArrayOf().ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Spent_IsTheSumOfCountedCosts_ForAnySequence() =>
        Prop.ForAll(Events(), events =>
        {
            var ledger = new LedgerState("USD");
            foreach (var (micros, user, model) in events)
            {
                ledger.Count(Counted(micros / 1_000_000m, user: user < 0 ? null : Users[user], model: Models[model]));
            }

            var expected = events.Sum(e => e.Micros / 1_000_000m);
            return ledger.Spent == expected
                && ledger.Events == events.Length
                && ledger.ByUser.Values.Sum(l => l.Cost) == expected
                && ledger.ByModel.Values.Sum(l => l.Cost) == expected
                && ledger.ByTier.Values.Sum(l => l.Cost) == expected
                && ledger.ByModel.Values.Sum(l => l.Calls) == events.Length;
        });

    private static Reservation Held(string id, decimal amount) =>
        new(id, amount, DateTimeOffset.MaxValue, DecisionReasons.WithinBudget, null);
}
