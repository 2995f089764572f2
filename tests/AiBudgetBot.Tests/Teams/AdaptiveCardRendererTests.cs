using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Status;
using AiBudgetBot.Teams;

namespace AiBudgetBot.Tests.Teams;

public sealed class AdaptiveCardRendererTests
{
    public static TheoryData<string> Samples => ["status", "plain", "refresh+note", "huge-table", "huge-text", "no-actions"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void RenderedCards_AreValidAdaptiveCards15(string sample)
    {
        var (message, options) = Sample(sample);
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(message, options));

        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Empty(CardSchema.AdaptiveCardErrors(card));
    }

    [Fact]
    public void SchemaCheck_RejectsCardsTeamsWouldRefuse()
    {
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(SampleMessages.BudgetStatus("x")));
        card["body"]![0]!["colour"] = "good";
        card["actions"]![0]!["fallback"]!["type"] = "Action.Nope";

        Assert.NotEmpty(CardSchema.AdaptiveCardErrors(card));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void RenderedMessages_StayUnder80Kb(string sample)
    {
        var (message, options) = Sample(sample);
        var activity = TeamsMessages.Card(message, options: options);

        Assert.True(JsonSerializer.SerializeToUtf8Bytes(activity, TeamsJsonForTests.Options).Length < 80 * 1024);
    }

    [Fact]
    public void HugeTable_IsCutAndSaysHowManyRowsWereLeftOut()
    {
        var json = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(Sample("huge-table").Message)).ToJsonString();

        Assert.Contains("more rows not shown", json);
        Assert.Contains("workflow-0", json);
        Assert.DoesNotContain("workflow-4999", json);
    }

    [Fact]
    public void ProgressBar_HasColumnWidthsProportionalToTheUsedShare()
    {
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(SampleMessages.BudgetStatus("x")));
        var bars = Descendants(card).OfType<JsonObject>()
            .Where(o => o["type"]?.GetValue<string>() == "ColumnSet" && o["columns"] is JsonArray { Count: > 0 } cols && cols.All(c => c!["minHeight"] is not null))
            .Select(o => o["columns"]!.AsArray().Select(c => (c!["width"]!.GetValue<string>(), c["style"]!.GetValue<string>())).ToList())
            .ToList();

        Assert.Equal([("75", "warning"), ("25", "emphasis")], bars[0]);
        Assert.Equal([("100", "attention")], bars[1]);
        Assert.Equal([("100", "emphasis")], bars[2]);
    }

    [Theory]
    [InlineData(MessageTone.Good, "good")]
    [InlineData(MessageTone.Warning, "warning")]
    [InlineData(MessageTone.Alarm, "attention")]
    public void Heading_IsColouredByTone(MessageTone tone, string color)
    {
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(SampleMessages.BudgetStatus("Heading", tone)));
        var heading = card["body"]![0]!;

        Assert.Equal("Heading", heading["text"]!.GetValue<string>());
        Assert.Equal(color, heading["color"]!.GetValue<string>());
        Assert.Equal("heading", heading["style"]!.GetValue<string>());
    }

    [Fact]
    public void Buttons_AreActionExecuteWithAnActionSubmitFallbackCarryingOnlyVerbAndSubject()
    {
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(SampleMessages.BudgetStatus("x")));
        var approve = card["actions"]![0]!;

        Assert.Equal("Action.Execute", approve["type"]!.GetValue<string>());
        Assert.Equal("approve", approve["verb"]!.GetValue<string>());
        Assert.Equal("positive", approve["style"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["verb"] = "approve", ["subjectId"] = "req-1" }, approve["data"]));
        Assert.Equal("Action.Submit", approve["fallback"]!["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(approve["data"], approve["fallback"]!["data"]));
    }

    [Fact]
    public void Refresh_ListsAtMostSixtyUsersAndUsesTheRefreshVerb()
    {
        var users = Enumerable.Range(0, 80).Select(i => $"29:user-{i}").ToList();
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(SampleMessages.BudgetStatus("x"), new CardRenderOptions(users, "req-1")));

        Assert.Equal(60, card["refresh"]!["userIds"]!.AsArray().Count);
        Assert.Equal("refresh", card["refresh"]!["action"]!["verb"]!.GetValue<string>());
        Assert.Equal("Action.Execute", card["refresh"]!["action"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void PlainHttpImage_IsReplacedByItsDescription()
    {
        var message = new OutgoingMessage("t", "t", [new ImageBlock(new Uri("http://charts.example.com/a.png"), "Spend per day")], []);
        var json = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(message)).ToJsonString();

        Assert.DoesNotContain("\"Image\"", json);
        Assert.Contains("Spend per day", json);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }

    private static (OutgoingMessage Message, CardRenderOptions? Options) Sample(string name) => name switch
    {
        "status" => (SampleMessages.BudgetStatus("Marketing is at 75 %"), null),
        "plain" => (OutgoingMessage.Plain("Hello", "Line one\nLine two"), null),
        "refresh+note" => (SampleMessages.BudgetStatus("Override requested", MessageTone.Alarm), new CardRenderOptions(["29:a", "29:b"], "req-1", "Only you see this")),
        "huge-table" => (new OutgoingMessage(
            "Usage",
            "Spend by workflow",
            [new TableBlock(["Workflow", "Spend", "Share", "Tier"], [.. Enumerable.Range(0, 5000).Select(i => (IReadOnlyList<string>)[$"workflow-{i}", $"${i}.00", "1 %", new string('x', 400)])])],
            [new MessageAction(ActionVerbs.ViewUsage, "More", "marketing")]), null),
        "huge-text" => (new OutgoingMessage(
            new string('T', 5000),
            new string('y', 200_000),
            [new TextBlock(new StringBuilder().Insert(0, "a long line of text\n", 20_000).ToString()), new FactsBlock([.. Enumerable.Range(0, 3000).Select(i => new Fact($"label {i}", new string('v', 500)))])],
            [.. ActionVerbs.All.Select(v => new MessageAction(v, v, "s"))]), null),
        _ => (new OutgoingMessage("Digest", "Weekly digest", [new TextBlock("Nothing to decide this week.")], [], MessageTone.Good), null),
    };
}

/// <summary>Same serializer settings as the bot's (internal TeamsJson), for measuring sizes.</summary>
internal static class TeamsJsonForTests
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
