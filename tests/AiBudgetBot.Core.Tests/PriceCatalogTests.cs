using AiBudgetBot.Core.Pricing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests;

public sealed class PriceCatalogTests
{
    private static readonly DateOnly Day = new(2026, 12, 1);

    private static readonly PriceCatalog Catalog = new([
        TestData.Price("gpt-4o", input: 2.50m, output: 10m, cached: 1.25m),
        TestData.Price("gpt-4o-mini", input: 0.15m, output: 0.60m, cached: 0.075m, tier: ModelTier.Economy),
        TestData.Price("claude-sonnet", input: 3m, output: 15m, cached: null, tier: ModelTier.Standard),
    ]);

    [Fact]
    public void Cost_PricesUncachedInputAtInputPrice_CachedAtCachedPrice_AndOutput()
    {
        var price = TestData.Price(input: 2.50m, output: 10m, cached: 1.25m);
        // 1,000,000 input of which 400,000 cached: 600k × 2.50 + 400k × 1.25 + 200k × 10 per million.
        var cost = PriceCatalog.Cost(price, new TokenCounts(1_000_000, 200_000, 400_000));
        Assert.Equal(1.50m + 0.50m + 2.00m, cost);
    }

    [Fact]
    public void Cost_WithoutCachedPrice_PricesCachedInputAtInputPrice()
    {
        var price = TestData.Price(input: 3m, output: 15m, cached: null);
        Assert.Equal(3m, PriceCatalog.Cost(price, new TokenCounts(1_000_000, 0, 750_000)));
    }

    [Fact]
    public void Cost_IsExactBeforeRounding()
    {
        var price = TestData.Price(input: 2.50m, output: 10m, cached: 1.25m);
        Assert.Equal(0.0000125m, PriceCatalog.Cost(price, new TokenCounts(5, 0, 0)));
    }

    [Fact]
    public void Find_ExactName_IsCaseInsensitive() =>
        Assert.Equal("gpt-4o", Catalog.Find("GPT-4o", Day)?.Model);

    [Fact]
    public void Find_PicksTheLatestPriceNotAfterTheDate()
    {
        var catalog = new PriceCatalog([
            TestData.Price(input: 5m, from: new DateOnly(2024, 5, 13)),
            TestData.Price(input: 2.50m, from: new DateOnly(2024, 10, 1)),
            TestData.Price(input: 1m, from: new DateOnly(2027, 1, 1)),
        ]);
        Assert.Equal(5m, catalog.Find("gpt-4o", new DateOnly(2024, 9, 30))?.InputPerMillion);
        Assert.Equal(2.50m, catalog.Find("gpt-4o", new DateOnly(2024, 10, 1))?.InputPerMillion);
        Assert.Equal(2.50m, catalog.Find("gpt-4o", new DateOnly(2026, 12, 31))?.InputPerMillion);
        Assert.Equal(1m, catalog.Find("gpt-4o", new DateOnly(2027, 1, 1))?.InputPerMillion);
    }

    [Fact]
    public void Find_BeforeTheFirstPrice_FindsNothing()
    {
        var catalog = new PriceCatalog([TestData.Price(from: new DateOnly(2024, 5, 13))]);
        Assert.Null(catalog.Find("gpt-4o", new DateOnly(2024, 5, 12)));
        Assert.Null(catalog.Find("gpt-4o-2024-05-13", new DateOnly(2024, 5, 12)));
    }

    [Theory]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("azure/gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("openai/gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("claude-sonnet@20250929", "claude-sonnet")]
    public void Find_ProviderPrefixAndDatedSnapshots_MatchTheirCatalogModel(string name, string model) =>
        Assert.Equal(model, Catalog.Find(name, Day)?.Model);

    [Fact]
    public void Find_SnapshotOfAModelNotInTheCatalog_IsNotPricedAsAShorterName()
    {
        var onlyFull = new PriceCatalog([TestData.Price("gpt-4o")]);
        Assert.Null(onlyFull.Find("gpt-4o-mini-2024-07-18", Day));
    }

    [Theory]
    [InlineData("gpt-4omega")]
    [InlineData("gpt-4o-")]
    [InlineData("gpt-4o-latest")]
    [InlineData("gpt")]
    [InlineData("mistral/large")]
    [InlineData("")]
    public void Find_UnrelatedName_IsNotMatched(string name) =>
        Assert.Null(Catalog.Find(name, Day));

    [Fact]
    public void All_ListsEveryEntry() => Assert.Equal(3, Catalog.All.Count());

    [Fact]
    public void ModelPrice_Validate_RefusesMissingModelAndNegativePrices()
    {
        Assert.Empty(TestData.Price().Validate());
        Assert.Contains("model is required.", TestData.Price(model: " ").Validate());
        Assert.Contains("gpt-4o: prices must not be negative.", TestData.Price(input: -1m).Validate());
        Assert.Contains("gpt-4o: prices must not be negative.", TestData.Price(cached: -0.01m).Validate());
    }

    private static Arbitrary<(TokenCounts A, TokenCounts B, int Factor)> TokenPairs()
    {
        var counts =
            from input in Gen.Choose(0, 50_000_000)
            from output in Gen.Choose(0, 50_000_000)
            from cachedPercent in Gen.Choose(0, 100)
            select new TokenCounts(input, output, (long)input * cachedPercent / 100);
        return (from a in counts from b in counts from k in Gen.Choose(0, 1000) select (a, b, k)).ToArbitrary();
    }

    [Property(MaxTest = 300)]
    public Property Cost_IsLinearInTokens() =>
        Prop.ForAll(TokenPairs(), sample =>
        {
            var price = TestData.Price(input: 2.50m, output: 10m, cached: 1.25m);
            var (a, b, k) = sample;
            var sum = new TokenCounts(a.Input + b.Input, a.Output + b.Output, a.CachedInput + b.CachedInput);
            var scaled = new TokenCounts(a.Input * k, a.Output * k, a.CachedInput * k);
            return PriceCatalog.Cost(price, sum) == PriceCatalog.Cost(price, a) + PriceCatalog.Cost(price, b)
                && PriceCatalog.Cost(price, scaled) == PriceCatalog.Cost(price, a) * k
                && PriceCatalog.Cost(price, default) == 0m;
        });
}
