using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests;

public sealed class UsageEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly PeriodCalendar NewYork = PeriodCalendar.ForZone("America/New_York");

    private static readonly Pool Launch = TestData.Pool(
        "launch", PoolKind.Project, period: PeriodKind.Fixed, start: new DateOnly(2026, 12, 1), end: new DateOnly(2027, 1, 31),
        workflows: ["campaign-gen"]);

    private static BudgetDirectory Directory(params Pool[] pools) => new(
        [TestData.Team("marketing"), TestData.Team("innovation"), TestData.Team("empty")],
        pools.Length > 0 ? pools : [TestData.Pool(), Launch, TestData.Pool("sandbox", PoolKind.Sandbox, teamId: "innovation")],
        [],
        new PriceCatalog([TestData.Price("gpt-4o", input: 2.50m, output: 10m, cached: 1.25m)]));

    private static Evaluation Evaluate(UsageEvent usage, BudgetDirectory? directory = null) =>
        new UsageEvaluator(directory ?? Directory(), NewYork, "USD").Evaluate(usage, Now);

    private static string SingleError(UsageEvent usage)
    {
        var evaluation = Evaluate(usage);
        Assert.Null(evaluation.Event);
        return Assert.Single(evaluation.Errors);
    }

    private static CountedEvent Counted(UsageEvent usage)
    {
        var evaluation = Evaluate(usage);
        Assert.Empty(evaluation.Errors);
        return Assert.IsType<CountedEvent>(evaluation.Event);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Id_Empty_IsRejected(string id) =>
        Assert.Equal("id is required.", SingleError(TestData.Event(id: id)));

    [Fact]
    public void Id_LongerThan200_IsRejected_And200IsAccepted()
    {
        Assert.Equal("id is longer than 200 characters.", SingleError(TestData.Event(id: new string('x', 201))));
        Counted(TestData.Event(id: new string('x', 200)));
    }

    [Theory]
    [InlineData("evt\n1")]
    [InlineData("evt\u00001")]
    [InlineData("evt\u007f")]
    public void Id_WithControlCharacters_IsRejected(string id) =>
        Assert.Equal("id contains control characters.", SingleError(TestData.Event(id: id)));

    [Fact]
    public void Timestamp_Missing_IsRejected() =>
        Assert.Equal("timestamp is required (RFC 3339 with an offset, e.g. 2026-12-01T10:00:00Z).",
            SingleError(TestData.Event(at: default(DateTimeOffset))));

    [Fact]
    public void Timestamp_MoreThanADayAhead_IsRejected_ButADayOfSkewIsAccepted()
    {
        Assert.StartsWith("timestamp 2026-12-11T12:00:01", SingleError(TestData.Event(at: Now.AddDays(1).AddSeconds(1))));
        Counted(TestData.Event(at: Now.AddDays(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Model_Missing_IsRejected(string model) =>
        Assert.Equal("model is required.", SingleError(TestData.Event(model: model, cost: 1m)));

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(10, 0, -1)]
    public void Tokens_Negative_AreRejected(long input, long output, long cached) =>
        Assert.Equal("token counts must not be negative.", SingleError(TestData.Event(tokens: new TokenCounts(input, output, cached))));

    [Fact]
    public void CachedTokens_MoreThanInput_AreRejected() =>
        Assert.Equal("cachedInputTokens (11) cannot exceed inputTokens (10), which include them.",
            SingleError(TestData.Event(tokens: new TokenCounts(10, 0, 11))));

    [Fact]
    public void Cost_Negative_IsRejected() =>
        Assert.Equal("cost must not be negative.", SingleError(TestData.Event(cost: -0.01m)));

    [Fact]
    public void Cost_GivenTooLargeToCountInMicroUnits_IsRejected_NotThrown() =>
        Assert.Equal("cost 100000000000000000000 is too large to count.", SingleError(TestData.Event(cost: 1e20m)));

    [Fact]
    public void Tokens_TooManyToBeOneCall_AreRejected_NotThrown()
    {
        // Counts this large would also price beyond what micro-units hold; they are refused first.
        var evaluation = Evaluate(TestData.Event(tokens: new TokenCounts(long.MaxValue, long.MaxValue, 0)));
        Assert.Null(evaluation.Event);
        Assert.EndsWith("are not plausible; send the counts of one call.", Assert.Single(evaluation.Errors));
    }

    [Fact]
    public void Currency_Foreign_IsRejected_ButTheOrganizationsInAnyCaseIsAccepted()
    {
        Assert.Equal("currency EUR differs from the organization's USD; convert before sending.",
            SingleError(TestData.Event(cost: 1m, currency: "EUR")));
        Counted(TestData.Event(cost: 1m, currency: "usd"));
    }

    [Fact]
    public void Team_Missing_IsRejected() =>
        Assert.Equal("team is required.", SingleError(TestData.Event(team: "")));

    [Fact]
    public void Team_Unknown_IsRejected() =>
        Assert.Equal("team 'ghosts' is not known; create it with PUT /api/v1/teams/ghosts.", SingleError(TestData.Event(team: "ghosts")));

    [Fact]
    public void Model_UnknownWithoutCost_IsRejected_NeverCountedAsZero() =>
        Assert.Equal("cost unknown: no cost given and model 'llama-9' is not in the price catalog (PUT /api/v1/prices).",
            SingleError(TestData.Event(model: "llama-9")));

    [Fact]
    public void Model_PricedOnlyFromLaterDate_WithoutCost_IsRejected()
    {
        var directory = new BudgetDirectory([TestData.Team()], [TestData.Pool()], [],
            new PriceCatalog([TestData.Price(from: new DateOnly(2027, 1, 1))]));
        var evaluation = Evaluate(TestData.Event(), directory);
        Assert.StartsWith("cost unknown:", Assert.Single(evaluation.Errors));
    }

    [Fact]
    public void Team_WithoutBaseline_IsRejected() =>
        Assert.Equal("the team has no baseline pool active on 2026-12-01; create one with PUT /api/v1/teams/{team}/pools/baseline.",
            SingleError(TestData.Event(team: "empty")));

    [Fact]
    public void Errors_AreAllReportedTogether()
    {
        var evaluation = Evaluate(TestData.Event(id: "", model: "", cost: -1m, currency: "EUR"));
        Assert.Equal(4, evaluation.Errors.Count);
    }

    [Fact]
    public void Accepted_IsPricedFromTheCatalog_WithCachedTokens()
    {
        var counted = Counted(TestData.Event(tokens: new TokenCounts(1_000_000, 100_000, 400_000)));
        Assert.Equal(new Money.Money(1.50m + 0.50m + 1.00m, "USD"), counted.Cost);
        Assert.Equal(ModelTier.Frontier, counted.Tier);
        Assert.Equal("baseline", counted.PoolId);
        Assert.Equal("evt-1", counted.Id);
    }

    [Fact]
    public void Accepted_GivenCost_BeatsTheCatalog()
    {
        var counted = Counted(TestData.Event(cost: 0.42m, tokens: new TokenCounts(1_000_000, 0, 0)));
        Assert.Equal(0.42m, counted.Cost.Amount);
        Assert.Equal(ModelTier.Frontier, counted.Tier);
    }

    [Fact]
    public void Accepted_GivenCostForAnUncataloguedModel_IsCountedWithoutTier()
    {
        var counted = Counted(TestData.Event(model: "llama-9", cost: 0.1m));
        Assert.Equal(0.1m, counted.Cost.Amount);
        Assert.Null(counted.Tier);
    }

    [Theory]
    [InlineData("0.0000125", "0.000013")]
    [InlineData("0.0000124999", "0.000012")]
    [InlineData("1.23456789", "1.234568")]
    public void Accepted_CostIsRoundedToMicroUnits(string given, string counted)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(counted, invariant), Counted(TestData.Event(cost: decimal.Parse(given, invariant))).Cost.Amount);
    }

    [Fact]
    public void Accepted_CatalogCostIsRoundedToMicroUnits() =>
        // 5 input tokens at $2.50/M is $0.0000125: half a micro-unit rounds away from zero.
        Assert.Equal(0.000013m, Counted(TestData.Event(tokens: new TokenCounts(5, 0, 0))).Cost.Amount);

    [Fact]
    public void Accepted_PeriodKeyFollowsTheOrganizationsZone()
    {
        var counted = Counted(TestData.Event(at: new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-11", counted.Period.Key);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), counted.Period.Start);
        Assert.Equal("2026-12", Counted(TestData.Event(at: new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero))).Period.Key);
    }

    [Fact]
    public void Accepted_RoutingUsesTheLocalDate()
    {
        // 1 December 03:00 UTC is 30 November in New York: the launch pool (from 1 December) is not active yet.
        var early = Counted(TestData.Event(workflow: "campaign-gen", at: new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero)));
        Assert.Equal("baseline", early.PoolId);
        var inside = Counted(TestData.Event(workflow: "campaign-gen", at: new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero)));
        Assert.Equal("launch", inside.PoolId);
        Assert.Equal("fixed-2026-12-01", inside.Period.Key);
    }

    [Fact]
    public void Accepted_NamedPool_IsUsed_AndAnUnknownNamedPoolIsRejected()
    {
        Assert.Equal("launch", Counted(TestData.Event(pool: "launch")).PoolId);
        Assert.Equal("pool 'nope' does not exist for this team.", SingleError(TestData.Event(pool: "nope")));
    }

    [Fact]
    public void Accepted_SandboxOnlyTeam_CountsInItsSandbox() =>
        Assert.Equal("sandbox", Counted(TestData.Event(team: "innovation")).PoolId);

    [Fact]
    public void Evaluation_IsPure_TheSameEventGivesTheSameAnswer()
    {
        var usage = TestData.Event(tokens: new TokenCounts(1234, 567, 89));
        Assert.Equal(Counted(usage), Counted(usage));
    }
}
