using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Slack;

namespace AiBudgetBot.Tests.Slack;

public sealed class BlockKitRendererTests
{
    private readonly BlockKitRenderer _renderer = new();

    private static JsonNode Json(SlackMessage message) =>
        JsonNode.Parse(JsonSerializer.Serialize(message, SlackApiClient.Json))!;

    [Fact]
    public void Render_OversizedMessage_StaysWithinEveryBlockKitLimit()
    {
        var huge = new string('x', 7000);
        var blocks = new List<MessageBlock>();
        for (var i = 0; i < 40; i++)
        {
            blocks.Add(new TextBlock($"Paragraph {i} **bold** " + huge));
        }

        blocks.Add(new FactsBlock(Enumerable.Range(0, 35).Select(i => new Fact("Label " + i, new string('v', 2500))).ToList()));
        blocks.Add(new TableBlock(["Workflow", "Spent"], Enumerable.Range(0, 400).Select(i => (IReadOnlyList<string>)[$"wf-{i}", "$" + i]).ToList()));
        var actions = Enumerable.Range(0, 60)
            .Select(i => new MessageAction(ActionVerbs.All[i % ActionVerbs.All.Count], new string('T', 120), "req-" + i, ActionStyle.Positive))
            .Append(new MessageAction(ActionVerbs.Approve, "Too long a value", new string('s', 2001)))
            .ToList();
        var message = new OutgoingMessage(new string('H', 400), "fallback " + huge, blocks, actions, MessageTone.Alarm);

        var rendered = _renderer.Render(message);
        var json = Json(rendered);

        Assert.False(string.IsNullOrWhiteSpace(json["text"]!.GetValue<string>()));
        var all = json["blocks"]!.AsArray();
        Assert.InRange(all.Count, 1, SlackLimits.BlocksPerMessage);
        foreach (var block in all)
        {
            switch (block!["type"]!.GetValue<string>())
            {
                case "header":
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, SlackLimits.HeaderText);
                    break;
                case "section":
                    if (block["text"] is { } text)
                    {
                        Assert.InRange(text["text"]!.GetValue<string>().Length, 1, SlackLimits.SectionText);
                    }

                    if (block["fields"] is JsonArray fields)
                    {
                        Assert.InRange(fields.Count, 1, SlackLimits.FieldsPerSection);
                        Assert.All(fields, f => Assert.InRange(f!["text"]!.GetValue<string>().Length, 1, SlackLimits.FieldText));
                    }

                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Assert.InRange(elements.Count, 1, SlackLimits.ElementsPerActions);
                    Assert.InRange(block["block_id"]!.GetValue<string>().Length, 1, SlackLimits.Id);
                    var ids = elements.Select(e => e!["action_id"]!.GetValue<string>()).ToList();
                    Assert.Equal(ids.Count, ids.Distinct().Count());
                    foreach (var button in elements)
                    {
                        Assert.InRange(button!["text"]!["text"]!.GetValue<string>().Length, 1, SlackLimits.ButtonText);
                        Assert.InRange(button["value"]!.GetValue<string>().Length, 1, SlackLimits.ButtonValue);
                        Assert.InRange(button["action_id"]!.GetValue<string>().Length, 1, SlackLimits.Id);
                    }

                    break;
                case "context":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, SlackLimits.ElementsPerContext);
                    break;
            }
        }

        // Buttons survive the cut (all but the one whose value could not be sent), and the cut is said.
        var buttons = rendered.Blocks.OfType<ActionsBlock>().Sum(b => b.Elements.Count);
        Assert.Equal(60, buttons);
        Assert.Contains("left out", rendered.Blocks.OfType<ContextBlock>().Single().Elements[0].Text);
    }

    [Fact]
    public void Render_BoldAndControlCharacters_BecomeSlackMrkdwn()
    {
        var rendered = _renderer.Render(OutgoingMessage.Plain("T", "**Marketing** is at 75 % <!channel> & co"));

        var section = rendered.Blocks.OfType<SectionBlock>().Single();
        Assert.Equal("mrkdwn", section.Text!.Type);
        Assert.Equal("*Marketing* is at 75 % &lt;!channel&gt; &amp; co", section.Text.Text);
        Assert.Equal("*Marketing* is at 75 % &lt;!channel&gt; &amp; co", rendered.Text);
    }

    [Fact]
    public void Render_Header_IsPlainTextTitleWithToneIcon()
    {
        var rendered = _renderer.Render(new OutgoingMessage("Marketing at 90 %", "x", [], [], MessageTone.Warning));

        var header = Assert.IsType<HeaderBlock>(rendered.Blocks[0]);
        Assert.Equal("plain_text", header.Text.Type);
        Assert.Equal(":warning: Marketing at 90 %", header.Text.Text);
    }

    [Fact]
    public void Render_TwentyThreeFacts_SplitIntoSectionsOfAtMostTen()
    {
        var facts = Enumerable.Range(0, 23).Select(i => new Fact("L" + i, "V" + i)).ToList();

        var sections = _renderer.Render(new OutgoingMessage("T", "x", [new FactsBlock(facts)], [])).Blocks.OfType<SectionBlock>().ToList();

        Assert.Equal([10, 10, 3], sections.Select(s => s.Fields!.Count));
        Assert.Equal("*L0*\nV0", sections[0].Fields![0].Text);
    }

    [Theory]
    [InlineData(41, "████░░░░░░ 41 %")]
    [InlineData(0, "░░░░░░░░░░ 0 %")]
    [InlineData(125.5, "██████████ 125.5 %")]
    public void Render_Progress_IsATextBar(double percent, string expected)
    {
        var text = BlockKitRenderer.Progress(new ProgressBlock("Baseline", (decimal)percent, "$412 of $1,000", MessageTone.Neutral));

        Assert.Equal($"*Baseline*\n{expected}\n$412 of $1,000", text);
    }

    [Fact]
    public void Render_Table_IsOneLinePerRowNamingItsColumns()
    {
        var text = BlockKitRenderer.Table(new TableBlock(["Workflow", "Spent", "Share"], [["video", "$412", "41 %"], ["chat", "$90", "9 %"]]));

        Assert.Equal("*video* · Spent: $412 · Share: 41 %\n*chat* · Spent: $90 · Share: 9 %", text);
    }

    [Fact]
    public void Render_Image_BecomesImageBlock()
    {
        var rendered = _renderer.Render(new OutgoingMessage("T", "x", [new ImageBlock(new Uri("https://bot.example.com/charts/1.png"), "Spend chart")], []));

        var image = rendered.Blocks.OfType<ImageBlockKit>().Single();
        Assert.Equal("https://bot.example.com/charts/1.png", image.ImageUrl);
        Assert.Equal("Spend chart", image.AltText);
        Assert.Equal("image", Json(rendered)["blocks"]![1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Render_Buttons_CarryVerbAndSubjectAndStyle()
    {
        var rendered = _renderer.Render(new OutgoingMessage("T", "x", [],
        [
            new MessageAction(ActionVerbs.Approve, "Approve", "req-1", ActionStyle.Positive),
            new MessageAction(ActionVerbs.Deny, "Deny", "req-1", ActionStyle.Destructive),
            new MessageAction(ActionVerbs.ViewUsage, "Usage", "team-1"),
        ]));

        var json = Json(rendered)["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!;
        var buttons = json["elements"]!.AsArray();
        Assert.Equal(["button", "button", "button"], buttons.Select(b => b!["type"]!.GetValue<string>()));
        Assert.Equal(["approve", "deny", "view-usage"], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.Equal("primary", buttons[0]!["style"]!.GetValue<string>());
        Assert.Equal("danger", buttons[1]!["style"]!.GetValue<string>());
        Assert.Null(buttons[2]!["style"]);
        Assert.Equal("req-1", buttons[0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Render_SameVerbTwice_GoesIntoSeparateActionsBlocks()
    {
        var rendered = _renderer.Render(new OutgoingMessage("T", "x", [],
            [new MessageAction(ActionVerbs.Approve, "Approve A", "a"), new MessageAction(ActionVerbs.Approve, "Approve B", "b")]));

        var blocks = rendered.Blocks.OfType<ActionsBlock>().ToList();
        Assert.Equal(2, blocks.Count);
        Assert.NotEqual(blocks[0].BlockId, blocks[1].BlockId);
    }

    [Fact]
    public void Render_EmptyText_FallsBackToTitle()
    {
        var rendered = _renderer.Render(new OutgoingMessage("Digest", "", [], []));

        Assert.Equal("Digest", rendered.Text);
    }
}
