using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests;

public sealed class AnalyticsTests
{
    private static readonly PeriodCalendar Utc = PeriodCalendar.ForZone("UTC");

    private static int _next;

    private static CountedEvent Spend(
        decimal cost, string user = "alice", string? workflow = "campaign-copy", string model = "gpt-4o",
        long input = 1000, long output = 500, DateOnly? day = null, ModelTier? tier = ModelTier.Standard)
    {
        var date = day ?? new DateOnly(2026, 12, 1);
        var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        return new CountedEvent(
            TestData.Event(id: $"e{Interlocked.Increment(ref _next)}", at: at, user: user, workflow: workflow, model: model, tokens: new TokenCounts(input, output, 0)),
            "baseline", Utc.Month(date.Year, date.Month), TestData.Usd_(cost), tier)
        {
            LocalDay = date,
        };
    }

    private static UsageBreakdown Of(params CountedEvent[] events)
    {
        var ledger = new LedgerState("USD");
        foreach (var e in events)
        {
            ledger.Count(e);
        }

        return UsageBreakdown.Of([ledger]);
    }

    [Fact]
    public void Concentration_TwoOfFortyUsersCarrying98Percent_AreTheTopFivePercent()
    {
        var events = new List<CountedEvent> { Spend(465.50m, user: "heavy-1"), Spend(465.50m, user: "heavy-2") };
        events.AddRange(Enumerable.Range(1, 38).Select(i => Spend(0.50m, user: $"light-{i:00}")));

        var usage = Of([.. events]);
        var found = Concentration.Of(usage);

        Assert.Equal(950m, usage.Total);
        Assert.Equal(40, found.Users);
        Assert.Equal(["heavy-1", "heavy-2"], found.TopUsers);
        Assert.Equal(0.98m, found.TopUserShare);
        // By hand: Σ(2i − 41)·xᵢ = −38 + 37·465.5 + 39·465.5 = 35,340; ÷ (40 · 950) = 0.93.
        Assert.Equal(0.93m, found.Gini);
        var driver = Assert.Single(UsageDrivers.Find(usage, _ => ModelTier.Standard), d => d.Kind == UsageDrivers.Concentration);
        Assert.StartsWith("2 of 40 users (heavy-1, heavy-2) made 98 % of the spend.", driver.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Concentration_TopThreeWorkflows_ShareOfAll()
    {
        var usage = Of(Spend(50m, workflow: "a"), Spend(20m, workflow: "b"), Spend(10m, workflow: "c"), Spend(20m, workflow: "d"));

        var found = Concentration.Of(usage);

        Assert.Equal(["a", "b", "d"], found.TopWorkflows);
        Assert.Equal(0.90m, found.TopWorkflowShare);
    }

    [Fact]
    public void LongContexts_UserAboveTheThreshold_IsFlaggedWithTheirCostShare()
    {
        var usage = Of(
            Spend(6m, user: "carol", workflow: "contract-review", input: 40_000),
            Spend(6m, user: "carol", workflow: "contract-review", input: 44_000),
            Spend(3m, user: "dave", workflow: "chat", input: 2_000),
            Spend(5m, user: "erin", workflow: "chat", input: 31_999));

        var found = LongContexts.Of(usage, AnalyticsSettings.Default);

        var carol = Assert.Single(found.Users);
        Assert.Equal("carol", carol.Key);
        Assert.Equal(42_000m, carol.AverageInputTokens);
        Assert.Equal(0.6m, found.UserCostShare);
        Assert.Equal("contract-review", Assert.Single(found.Workflows).Key);
        Assert.Empty(LongContexts.Of(usage, new AnalyticsSettings(LongContextTokens: 50_000)).Users);
        Assert.Equal(2, LongContexts.Of(usage, new AnalyticsSettings(LongContextTokens: 30_000)).Users.Count);
    }

    [Fact]
    public void Savings_SameTokensAtTheProvidersDearestStandardModel_EqualsAHandComputationToTheCent()
    {
        var catalog = new PriceCatalog(
        [
            new ModelPrice("o1", "openai", ModelTier.Reasoning, 15m, 60m, 7.5m, new DateOnly(2024, 1, 1)),
            new ModelPrice("gpt-4o", "openai", ModelTier.Standard, 2.5m, 10m, 1.25m, new DateOnly(2024, 1, 1)),
            new ModelPrice("gpt-4.1", "openai", ModelTier.Standard, 2m, 8m, 0.5m, new DateOnly(2024, 1, 1)),
            new ModelPrice("gpt-4o-mini", "openai", ModelTier.Economy, 0.15m, 0.6m, null, new DateOnly(2024, 1, 1)),
            // Another provider's dearer standard model must not be chosen.
            new ModelPrice("claude-sonnet", "anthropic", ModelTier.Standard, 3m, 15m, null, new DateOnly(2024, 1, 1)),
        ]);
        var tokens = new TokenCounts(3_456_789, 123_457, 0);
        var cost = PriceCatalog.Cost(catalog.Find("o1", new DateOnly(2026, 11, 30))!, tokens);
        var usage = Of(Spend(cost, workflow: "video-render", model: "o1", input: tokens.Input, output: tokens.Output, tier: ModelTier.Reasoning));

        var found = Savings.Find(usage, catalog, new DateOnly(2026, 11, 30), monthScale: 1m);

        // o1: 3.456789 × 15 + 0.123457 × 60 = 59.259255; gpt-4o: 3.456789 × 2.5 + 0.123457 × 10 = 9.8765425.
        Assert.Equal(59.259255m, cost);
        var recommendation = Assert.Single(found);
        Assert.Equal("video-render", recommendation.Workflow);
        Assert.Equal("gpt-4o", recommendation.Alternative);
        Assert.Equal(9.8765425m, recommendation.AlternativeCost);
        Assert.Equal(49.38m, recommendation.MonthlySaving);
        Assert.Contains("3,456,789 input and 123,457 output tokens", recommendation.Assumption, StringComparison.Ordinal);
        Assert.Equal(98.77m, Assert.Single(Savings.Find(usage, catalog, new DateOnly(2026, 11, 30), monthScale: 2m)).MonthlySaving);
    }

    [Fact]
    public void Savings_EconomyModel_HasNoCheaperTierAndNoRecommendation()
    {
        var catalog = new PriceCatalog([new ModelPrice("gpt-4o-mini", "openai", ModelTier.Economy, 0.15m, 0.6m, null, new DateOnly(2024, 1, 1))]);
        var usage = Of(Spend(1m, model: "gpt-4o-mini", tier: ModelTier.Economy));

        Assert.Empty(Savings.Find(usage, catalog, new DateOnly(2026, 12, 1), 1m));
    }

    [Fact]
    public void PeriodChange_FirstMonthWithNoPreviousData_HasNoRatioAndEveryLineIsNew()
    {
        var current = Of(Spend(40m, workflow: "video-render", model: "o1", user: "ann"), Spend(10m, workflow: "chat", user: "ben"));

        var change = PeriodChange.Compare(current, Of(), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 9), new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        Assert.True(change.FirstPeriod);
        Assert.Null(change.Previous);
        Assert.Null(change.Ratio);
        Assert.Equal(50m, change.Current);
        Assert.Equal(50m, change.Delta);
        Assert.Equal("video-render", change.Workflows[0].Key);
        Assert.Equal(40m, change.Workflows[0].Delta);
        Assert.Equal("o1", change.Models[0].Key);
        Assert.Equal(1, change.UsersBehindGrowth); // ann's 40 of 50 is 80 % of the growth
    }

    [Fact]
    public void PeriodChange_ComparesToTheSameDayOfThePreviousMonth_NotTheWholeMonth()
    {
        var november = Enumerable.Range(1, 5).Select(d => Spend(10m, workflow: "chat", day: new DateOnly(2026, 11, d)))
            .Append(Spend(1000m, workflow: "chat", day: new DateOnly(2026, 11, 20)))
            .ToArray();
        var december = Enumerable.Range(1, 5).Select(d => Spend(10m, workflow: "chat", day: new DateOnly(2026, 12, d)))
            .Concat(Enumerable.Range(1, 5).Select(d => Spend(20m, workflow: "video-render", model: "o1", user: "ann", day: new DateOnly(2026, 12, d))))
            .ToArray();

        var change = PeriodChange.Compare(Of(december), Of(november), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5), new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        Assert.Equal(150m, change.Current);
        Assert.Equal(50m, change.Previous);
        Assert.Equal(3m, change.Ratio);
        Assert.Equal(new ChangeLine("video-render", 100m, 0m), change.Workflows[0]);
        Assert.Equal(new ChangeLine("chat", 50m, 50m), change.Workflows[1]);
        Assert.Equal(new ChangeLine("o1", 100m, 0m), change.Models[0]);
        Assert.Equal("ann", change.Users[0].Key);
    }

    [Fact]
    public void PeriodChange_MarchThirtyFirst_ComparesWithAllOfFebruary()
    {
        var february = Spend(28m, day: new DateOnly(2026, 2, 28));
        var march = Spend(31m, day: new DateOnly(2026, 3, 31));

        var change = PeriodChange.Compare(Of(march), Of(february), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28));

        Assert.Equal(28m, change.Previous);
    }

    [Fact]
    public void ExpensiveDefaults_PremiumModelInAShortAnswerWorkflow_IsCounted()
    {
        var usage = Of(
            Spend(60m, workflow: "tagging", model: "o1", output: 40, tier: ModelTier.Reasoning),
            Spend(30m, workflow: "reports", model: "o1", output: 3000, tier: ModelTier.Reasoning),
            Spend(10m, workflow: "tagging", model: "gpt-4o-mini", output: 40, tier: ModelTier.Economy));

        var found = ExpensiveDefaults.Of(usage, m => m == "o1" ? ModelTier.Reasoning : ModelTier.Economy, AnalyticsSettings.Default);

        Assert.Equal(0.9m, found.PremiumShare);
        Assert.Equal(0.6m, found.ShortOutputPremiumShare);
        var line = Assert.Single(found.Lines);
        Assert.Equal(("tagging", "o1"), (line.Workflow, line.Model));
        Assert.Equal("o1", found.TopPremiumModel);
    }

    [Theory]
    [InlineData(500, 900, BudgetHealth.OnTrack)]
    [InlineData(500, 1100, BudgetHealth.AtRisk)]
    [InlineData(1000.01, 1200, BudgetHealth.Over)]
    public void PoolReading_Health_FollowsSpendAndForecast(decimal spent, decimal forecast, BudgetHealth expected)
    {
        var reading = new PoolReading(TestData.Team(), TestData.Pool(), 1000m, 1100m, spent, 0m, forecast);

        Assert.Equal(expected, reading.Health);
        Assert.Equal(forecast >= 1100m, reading.ForecastReachesHardLimit);
    }

    [Fact]
    public void Ledger_ManyUsers_KeepsTheRowBoundedAndTheTotalsExact()
    {
        var ledger = new LedgerState("USD");
        for (var i = 0; i < LedgerState.MaxKeys + 100; i++)
        {
            ledger.Count(Spend(1m, user: $"user-{i}"));
        }

        Assert.Equal(LedgerState.MaxKeys, ledger.ByUser.Count);
        Assert.Equal(101m, ledger.ByUser[LedgerState.Others].Cost);
        Assert.Equal(ledger.Spent, ledger.ByUser.Values.Sum(l => l.Cost));
        ledger.Count(Spend(2m, user: "user-0"));
        Assert.Equal(3m, ledger.ByUser["user-0"].Cost); // a user with a line keeps it
    }

    [Fact]
    public void Ledger_PerDayAggregates_SurviveAClone()
    {
        var ledger = new LedgerState("USD");
        ledger.Count(Spend(1m, day: new DateOnly(2026, 12, 1)));
        ledger.Count(Spend(2m, day: new DateOnly(2026, 12, 2), workflow: "b", model: "o1"));

        var clone = ledger.Clone();
        ledger.Count(Spend(5m, day: new DateOnly(2026, 12, 2), workflow: "b", model: "o1"));

        Assert.Equal(3m, clone.SpentThrough(new DateOnly(2026, 12, 2)));
        Assert.Equal(1m, clone.SpentThrough(new DateOnly(2026, 12, 1)));
        Assert.Equal(2m, clone.DayWorkflows[new DateOnly(2026, 12, 2)]["b"]);
        Assert.Equal(2m, clone.ByWorkflowModel[LedgerState.PairKey("b", "o1")].Cost);
    }

    private static Arbitrary<(int Cents, int User, int Workflow, int Day)[]> Events() =>
        (from cents in Gen.Choose(0, 100_000)
         from user in Gen.Choose(0, 400)
         from workflow in Gen.Choose(0, 40)
         from day in Gen.Choose(1, 31)
         select (cents, user, workflow, day)).ArrayOf().ToArbitrary();

    [Property(MaxTest = 100)]
    public Property EveryAggregate_SumsToTheSpend_AndTheRowStaysBounded() =>
        Prop.ForAll(Events(), events =>
        {
            var ledger = new LedgerState("USD");
            foreach (var (cents, user, workflow, day) in events)
            {
                ledger.Count(Spend(cents / 100m, user: $"u{user}", workflow: $"w{workflow}", day: new DateOnly(2026, 12, day)));
            }

            var total = events.Sum(e => e.Cents / 100m);
            return ledger.Spent == total
                && ledger.ByUser.Values.Sum(l => l.Cost) == total
                && ledger.ByWorkflowModel.Values.Sum(l => l.Cost) == total
                && ledger.ByDay.Values.Sum(l => l.Cost) == total
                && ledger.DayWorkflows.Values.Sum(d => d.Values.Sum()) == total
                && ledger.DayModels.Values.Sum(d => d.Values.Sum()) == total
                && ledger.ByUser.Count <= LedgerState.MaxKeys
                && ledger.ByDay.Count <= 31
                && ledger.DayWorkflows.Values.All(d => d.Count <= LedgerState.MaxDayKeys);
        });

    [Property(MaxTest = 200)]
    public Property Gini_IsBetweenZeroAndOne_AndZeroWhenAllSpendTheSame() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).Select(c => c / 100m).ArrayOf().ToArbitrary(), values =>
        {
            var gini = Concentration.GiniOf(values);
            var equal = Concentration.GiniOf(values.Select(_ => 7m));
            return gini >= 0m && gini < 1m && equal == 0m;
        });
}
