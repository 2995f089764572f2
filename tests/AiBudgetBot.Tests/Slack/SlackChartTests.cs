using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Charts;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;
using AiBudgetBot.Slack;
using AiBudgetBot.Tests.Charts;
using AiBudgetBot.Tests.Teams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace AiBudgetBot.Tests.Slack;

public sealed class SlackChartTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private SlackApiStandIn _api = null!;

    private static Team Marketing => new("marketing", "Marketing", ["dana"], [], new TeamChannels(null, new SlackChannel("C0MKT")), null, []);

    public async Task InitializeAsync() => _api = await SlackApiStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Notification_WithACharts_UploadsEachPngInThreeStepsThenShowsItBySlackFile()
    {
        var message = new OutgoingMessage("Weekly digest", "Spend vs budget", [new TextBlock("Hello"), SampleCharts.SpendVsBudget, SampleCharts.BudgetUsed], []);

        var result = await Channel().DeliverAsync(Notification(message), Marketing, default);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var methods = _api.Calls.Select(c => c.Method).ToList();
        Assert.Equal(
            ["files.getUploadURLExternal", SlackApiStandIn.UploadMethod, "files.completeUploadExternal", "files.getUploadURLExternal", SlackApiStandIn.UploadMethod, "files.completeUploadExternal", "chat.postMessage"],
            methods);

        var ask = _api.CallsTo("files.getUploadURLExternal")[0];
        Assert.Equal("Bearer xoxb-1", ask.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", ask.ContentType);
        Assert.Equal("spend-vs-budget-by-team-december.png", ask.Str("filename"));
        Assert.Contains("Marketing: Spent $4,210.55, Budget $5,000.00", ask.Str("alt_txt"));
        var upload = _api.CallsTo(SlackApiStandIn.UploadMethod)[0];
        Assert.Equal("", upload.Authorization); // a capability URL: the token stays home
        Assert.Equal("image/png", upload.ContentType);

        var fileIds = _api.Uploads.Keys.Order().ToList();
        Assert.Equal(2, fileIds.Count);
        Assert.Equal(
            _api.CallsTo("files.getUploadURLExternal").Select(c => int.Parse(c.Str("length")!, System.Globalization.CultureInfo.InvariantCulture)).Order(),
            _api.Uploads.Values.Select(b => b.Length).Order());
        foreach (var bytes in _api.Uploads.Values)
        {
            using var png = SKBitmap.Decode(bytes);
            Assert.Equal((ChartPainter.Width, ChartPainter.Height), (png.Width, png.Height));
        }

        var complete = JsonNode.Parse(_api.CallsTo("files.completeUploadExternal")[0].Str("files")!)!.AsArray();
        Assert.Equal("Spend vs budget by team, December", complete[0]!["title"]!.GetValue<string>());

        var images = Blocks(_api.CallsTo("chat.postMessage").Single()).Where(b => b["type"]!.GetValue<string>() == "image").ToList();
        Assert.Equal(fileIds, images.Select(i => i["slack_file"]!["id"]!.GetValue<string>()).Order());
        Assert.All(images, i => Assert.Null(i["image_url"]));
        Assert.Equal("Spend vs budget by team, December", images[0]["title"]!["text"]!.GetValue<string>());
        Assert.Contains("$4,210.55", images[0]["alt_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task NativeCharts_PostsDataVisualizationBlocksAndUploadsNothing()
    {
        var message = new OutgoingMessage("Weekly digest", "Spend vs budget", [SampleCharts.SpendVsBudget, SampleCharts.SpendByModel, SampleCharts.BudgetUsed], []);

        await Channel(nativeCharts: true).DeliverAsync(Notification(message), Marketing, default);

        Assert.Equal(["chat.postMessage"], _api.Calls.Select(c => c.Method));
        var charts = Blocks(_api.CallsTo("chat.postMessage").Single()).Where(b => b["type"]!.GetValue<string>() == "data_visualization").ToList();
        Assert.Equal(3, charts.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "type": "data_visualization",
              "title": "Spend vs budget by team, December",
              "chart": {
                "type": "bar",
                "series": [
                  { "name": "Spent", "data": [{ "label": "Marketing", "value": 4210.55 }, { "label": "Support", "value": 3150 }, { "label": "Platform", "value": 1820.10 }, { "label": "Sandbox", "value": 275.5 }] },
                  { "name": "Budget", "data": [{ "label": "Marketing", "value": 5000 }, { "label": "Support", "value": 3000 }, { "label": "Platform", "value": 4000 }, { "label": "Sandbox", "value": 500 }] }
                ],
                "axis_config": { "categories": ["Marketing", "Support", "Platform", "Sandbox"], "x_label": "Team", "y_label": "USD" }
              }
            }
            """), charts[0]), charts[0].ToJsonString());
        Assert.Equal("pie", charts[1]["chart"]!["type"]!.GetValue<string>());
        Assert.Equal(4, charts[1]["chart"]!["segments"]!.AsArray().Count);
        Assert.Equal([7200m, 2800m], charts[2]["chart"]!["segments"]!.AsArray().Select(s => s!["value"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task UploadRefused_StillPostsTheMessageWithTheChartsNumbers()
    {
        _api.EnqueueError("files.getUploadURLExternal", "missing_scope");
        var message = new OutgoingMessage("Weekly digest", "Spend", [SampleCharts.SpendPerTeam], []);

        var result = await Channel().DeliverAsync(Notification(message), Marketing, default);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var text = string.Join("\n", Blocks(_api.CallsTo("chat.postMessage").Single()).Select(b => b["text"]?["text"]?.GetValue<string>()));
        Assert.Contains("*Marketing* · $4,210.55", text);
        Assert.DoesNotContain("slack_file", text);
    }

    [Fact]
    public async Task UploadRateLimited_IsRetriedLaterByTheOutbox()
    {
        _api.Enqueue429("files.getUploadURLExternal", retryAfterSeconds: 40);

        var result = await Channel().DeliverAsync(Notification(new OutgoingMessage("t", "t", [SampleCharts.SpendPerTeam], [])), Marketing, default);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Empty(_api.CallsTo("chat.postMessage"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Digest_StaysWithinBlockKitLimits(bool native)
    {
        var digest = AdaptiveCardChartTests.Digest();
        var manyCharts = digest with { Blocks = [.. digest.Blocks, .. Enumerable.Range(0, 60).Select(_ => SampleCharts.SpendVsBudget with { Series = [.. SampleCharts.SpendVsBudget.Series] })] };
        var files = new Dictionary<ChartBlock, string>(ReferenceEqualityComparer.Instance);
        foreach (var chart in manyCharts.Blocks.OfType<ChartBlock>())
        {
            files[chart] = "F" + files.Count;
        }

        var rendered = new BlockKitRenderer().Render(manyCharts, new SlackRenderOptions(native, files));
        var json = JsonSerializer.SerializeToNode(rendered.Blocks, SlackApiClient.Json)!.AsArray();

        Assert.True(json.Count <= SlackLimits.BlocksPerMessage, $"{json.Count} blocks");
        Assert.All(json.Where(b => b!["type"]!.GetValue<string>() == "section"), s => Assert.True((s!["text"]?["text"]?.GetValue<string>().Length ?? 0) <= SlackLimits.SectionText));
        Assert.All(json.Where(b => b!["type"]!.GetValue<string>() == "data_visualization"), d =>
        {
            Assert.True(d!["title"]!.GetValue<string>().Length <= SlackChartBlocks.MaxTitle);
            Assert.True((d["chart"]!["series"]?.AsArray().Count ?? 0) <= SlackChartBlocks.MaxSeries);
        });
        Assert.Equal(SlackLimits.BlocksPerMessage, json.Count); // 66 charts do not fit: the message is cut…
        Assert.Equal("actions", json[^2]!["type"]!.GetValue<string>()); // …and the buttons survive the cut
    }

    [Fact]
    public void NativeBars_OverTwentyLabels_FoldTheRestIntoOthers()
    {
        var many = new ChartBlock(ChartKind.VerticalBar, "Spend per team of the whole organization this month", [new ChartSeries("Spent", [.. Enumerable.Range(0, 30).Select(i => new ChartPoint($"team-with-a-long-name-{i}", 10m))])]);

        var block = new BlockKitRenderer().Render(new OutgoingMessage("t", "t", [many], []), SlackRenderOptions.None with { NativeCharts = true }).Blocks.OfType<DataVisualizationBlock>().Single();

        Assert.Equal(SlackChartBlocks.MaxCategories, block.Chart.AxisConfig!.Categories.Count);
        Assert.Equal("Others", block.Chart.AxisConfig.Categories[^1]);
        Assert.Equal(110m, block.Chart.Series![0].Data[^1].Value);
        Assert.All(block.Chart.AxisConfig.Categories, c => Assert.True(c.Length <= SlackChartBlocks.MaxLabel));
        Assert.True(block.Title.Length <= SlackChartBlocks.MaxTitle);
    }

    private SlackNotificationChannel Channel(bool nativeCharts = false)
    {
        var options = Options.Create(new SlackOptions { BotToken = "xoxb-1", SigningSecret = "s", ApiBaseUrl = _api.ApiBaseUrl, MaxAttempts = 1, NativeCharts = nativeCharts });
        var delay = new RecordingDelay();
        var api = new SlackApiClient(_http, options, new SlackChannelPacer(options, TimeProvider.System, delay), delay, new SlackWorkspace(), NullLogger<SlackApiClient>.Instance);
        var composer = new SlackMessageComposer(api, new BlockKitRenderer(), options, NullLogger<SlackMessageComposer>.Instance);
        return new SlackNotificationChannel(api, composer, new BlockKitRenderer(), options, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), NullLogger<SlackNotificationChannel>.Instance);
    }

    private static OutboundNotification Notification(OutgoingMessage message) =>
        new("n-1", "digest", "marketing", null, "2026-12", message, new Dictionary<string, object?>());

    private static List<JsonNode> Blocks(SlackApiCall post) => [.. post.Body["blocks"]!.AsArray().OfType<JsonNode>()];
}
