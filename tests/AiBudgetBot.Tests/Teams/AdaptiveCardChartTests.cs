using System.Text;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Teams;
using AiBudgetBot.Tests.Charts;

namespace AiBudgetBot.Tests.Teams;

public sealed class AdaptiveCardChartTests
{
    private static readonly Uri Link = new("https://bot.example.com/charts/abc.png?expires=1&sig=x");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DigestWithEveryChartKind_IsAValid15CardOnceChartsAreReplacedByTheirFallbacks_AndUnder28Kb(bool publicUrl)
    {
        var options = new CardRenderOptions { ChartImage = publicUrl ? _ => Link : null };
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(Digest(), options));

        var charts = Elements(card).Where(e => Type(e).StartsWith("Chart.", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, charts.Count);
        Assert.All(charts, c => Assert.NotNull(c["fallback"]));

        Assert.Empty(CardSchema.AdaptiveCardErrors(WithFallbacks(card)));
        var size = Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.True(size < 28 * 1024, $"card is {size} bytes");
    }

    [Fact]
    public void SchemaCheck_FailsWhileTheChartElementsAreStillThere()
    {
        // Proves the test above checks something: Chart.* is not in the 1.5 schema.
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(Digest()));

        Assert.NotEmpty(CardSchema.AdaptiveCardErrors(card));
    }

    [Fact]
    public void VerticalBar_HasTheShapeTeamsDraws()
    {
        var chart = Chart(SampleCharts.SpendPerTeam);

        Assert.Equal("Chart.VerticalBar", Type(chart));
        Assert.Equal("Spend per team, December", chart["title"]!.GetValue<string>());
        Assert.Equal("Team", chart["xAxisTitle"]!.GetValue<string>());
        Assert.Equal("USD", chart["yAxisTitle"]!.GetValue<string>());
        Assert.True(chart["showBarValues"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "x": "Marketing", "y": 4210.55 }"""), chart["data"]![0]));
        Assert.Equal(4, chart["data"]!.AsArray().Count);
    }

    [Fact]
    public void GroupedBars_AreOneDataEntryPerSeriesWithValues()
    {
        var chart = Chart(SampleCharts.SpendVsBudget);

        Assert.Equal("Chart.VerticalBar.Grouped", Type(chart));
        Assert.Equal(["Spent", "Budget"], chart["data"]!.AsArray().Select(d => d!["legend"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "x": "Support", "y": 3000 }"""), chart["data"]![1]!["values"]![1]));
    }

    [Fact]
    public void HorizontalBarDonutAndLine_UseTheirOwnDataShapes()
    {
        var bar = Chart(SampleCharts.TopWorkflows);
        var donut = Chart(SampleCharts.SpendByModel);
        var line = Chart(SampleCharts.DailySpend);

        Assert.Equal("Chart.HorizontalBar", Type(bar));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "x": "video-render", "y": 2210.55 }"""), bar["data"]![0]));
        Assert.Equal("Chart.Donut", Type(donut));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "legend": "o1", "value": 1150 }"""), donut["data"]![1]));
        Assert.Equal("Chart.Line", Type(line));
        Assert.Equal("Marketing", line["data"]![0]!["legend"]!.GetValue<string>());
        Assert.Equal(20, line["data"]![0]!["values"]!.AsArray().Count);
        Assert.Equal("Dec 1", line["data"]![0]!["values"]![0]!["x"]!.GetValue<string>());
    }

    [Fact]
    public void Gauge_IsPercentOfBudgetWithSizedSegmentsAndTheAmountsAsSubLabel()
    {
        var gauge = Chart(SampleCharts.BudgetUsed);

        Assert.Equal("Chart.Gauge", Type(gauge));
        Assert.Equal(72m, gauge["value"]!.GetValue<decimal>());
        Assert.Equal(0m, gauge["min"]!.GetValue<decimal>());
        Assert.Equal(100m, gauge["max"]!.GetValue<decimal>());
        Assert.Equal("Percentage", gauge["valueFormat"]!.GetValue<string>());
        Assert.Equal("$7,200.00 of $10,000.00", gauge["subLabel"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{ "legend": "Spent", "size": 72.0, "color": "good" }, { "legend": "Left", "size": 28.0, "color": "neutral" }]"""),
            gauge["segments"]));
        Assert.Null(gauge["data"]);
    }

    [Fact]
    public void Fallback_WithALink_IsThePictureDescribedByItsNumbers()
    {
        var fallback = Chart(SampleCharts.SpendPerTeam, Link)["fallback"]!;

        Assert.Equal("Image", Type(fallback));
        Assert.Equal(Link.AbsoluteUri, fallback["url"]!.GetValue<string>());
        Assert.Contains("Marketing $4,210.55", fallback["altText"]!.GetValue<string>());
    }

    [Fact]
    public void Fallback_WithoutALink_ListsTheNumbers()
    {
        var fallback = Chart(SampleCharts.SpendVsBudget)["fallback"]!;

        Assert.Equal("Container", Type(fallback));
        var facts = fallback["items"]![1]!["facts"]!.AsArray();
        Assert.Equal("Marketing", facts[0]!["title"]!.GetValue<string>());
        Assert.Equal("Spent $4,210.55 · Budget $5,000.00", facts[0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Fallback_WithAPlainHttpLink_ListsTheNumbersInstead()
    {
        // Teams clients block plain-http pictures; the numbers still inform.
        var fallback = Chart(SampleCharts.BudgetUsed, new Uri("http://bot.example.com/charts/a.png"))["fallback"]!;

        Assert.Equal("Container", Type(fallback));
        Assert.Contains("72 %", fallback.ToJsonString());
    }

    [Fact]
    public void ChartWithHundredsOfLabels_IsCutAndTheCardStaysSmall()
    {
        var many = new ChartBlock(ChartKind.VerticalBar, "Spend per team", [new ChartSeries("Spent", [.. Enumerable.Range(0, 500).Select(i => new ChartPoint($"team-{i:000}", i))])]) { Currency = "USD" };
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(new OutgoingMessage("Digest", "Digest", [many], [])));
        var chart = Elements(card).Single(e => Type(e) == "Chart.VerticalBar");

        Assert.Equal(40, chart["data"]!.AsArray().Count);
        Assert.Contains("480 more not shown", chart["fallback"]!.ToJsonString());
        Assert.True(Encoding.UTF8.GetByteCount(card.ToJsonString()) < 28 * 1024);
    }

    /// <summary>A weekly digest's worth: headline facts, every chart kind, a table per team, buttons.</summary>
    public static OutgoingMessage Digest() => new(
        "Weekly AI spend: $9,456.15 of $12,500.00 this month (76 %)",
        "Month to date $9,456.15 of $12,500.00; forecast $13,900.00.",
        [
            new FactsBlock([new Fact("Month to date", "$9,456.15"), new Fact("Budget", "$12,500.00"), new Fact("Forecast", "$13,900.00")]),
            SampleCharts.SpendVsBudget,
            SampleCharts.SpendPerTeam,
            SampleCharts.TopWorkflows,
            SampleCharts.SpendByModel,
            SampleCharts.BudgetUsed,
            SampleCharts.DailySpend,
            new TableBlock(["Team", "Spent", "Used", "Forecast", "Status"], [.. Enumerable.Range(0, 12).Select(i => (IReadOnlyList<string>)[$"team-{i}", "$1,000.00", "40 %", "$2,400.00", "on track"])]),
        ],
        [new MessageAction(ActionVerbs.ViewUsage, "Show usage", "marketing")]);

    private static JsonObject Chart(ChartBlock chart, Uri? link = null)
    {
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(new OutgoingMessage("t", "t", [chart], []), new CardRenderOptions { ChartImage = _ => link }));
        return Elements(card).Single(e => Type(e).StartsWith("Chart.", StringComparison.Ordinal));
    }

    /// <summary>What a client without chart elements renders: every Chart.* swapped for its fallback.</summary>
    public static JsonNode WithFallbacks(JsonNode card)
    {
        var copy = card.DeepClone();
        Replace(copy);
        return copy;

        static void Replace(JsonNode? node)
        {
            switch (node)
            {
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject o && Type(o).StartsWith("Chart.", StringComparison.Ordinal))
                        {
                            array[i] = o["fallback"]!.DeepClone();
                        }

                        Replace(array[i]);
                    }

                    break;
                case JsonObject obj:
                    foreach (var (_, value) in obj.ToList())
                    {
                        Replace(value);
                    }

                    break;
            }
        }
    }

    private static IEnumerable<JsonObject> Elements(JsonNode node)
    {
        if (node is JsonObject o)
        {
            yield return o;
        }

        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Elements))
        {
            yield return child;
        }
    }

    private static string Type(JsonNode node) => node["type"]?.GetValue<string>() ?? "";
}
