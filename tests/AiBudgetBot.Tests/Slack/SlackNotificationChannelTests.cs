using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;
using AiBudgetBot.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Slack;

public sealed class SlackNotificationChannelTests : IAsyncLifetime
{
    private SlackApiStandIn _api = null!;
    private readonly HttpClient _http = new();

    private static readonly OutboundNotification Notification = new(
        "n-1", "threshold", "marketing", "baseline", "2026-12",
        new OutgoingMessage("Marketing is at 75 %", "Marketing has used 75 % of its December budget.", [], []),
        new Dictionary<string, object?> { ["threshold"] = 75 });

    private static Team TeamWith(string? slackChannel) => new(
        "marketing", "Marketing", ["dana"], [], new TeamChannels(null, slackChannel is null ? null : new SlackChannel(slackChannel)), null, []);

    public async Task InitializeAsync() => _api = await SlackApiStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    private SlackNotificationChannel Channel(string botToken = "xoxb-1", string? financeChannel = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Digests:FinanceSlackChannel"] = financeChannel }).Build();
        var options = Options.Create(new SlackOptions { BotToken = botToken, SigningSecret = "s", ApiBaseUrl = _api.ApiBaseUrl, MaxAttempts = 1 });
        var delay = new RecordingDelay();
        var api = new SlackApiClient(_http, options, new SlackChannelPacer(options, TimeProvider.System, delay), delay, NullLogger<SlackApiClient>.Instance);
        return new SlackNotificationChannel(api, new BlockKitRenderer(), options, configuration, NullLogger<SlackNotificationChannel>.Instance);
    }

    [Fact]
    public async Task Deliver_ToTeamWithSlackChannel_PostsThereAndIsDelivered()
    {
        var result = await Channel().DeliverAsync(Notification, TeamWith("C0MKT"), default);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var post = Assert.Single(_api.CallsTo("chat.postMessage"));
        Assert.Equal("C0MKT", post.Str("channel"));
        Assert.Equal("Marketing has used 75 % of its December budget.", post.Str("text"));
        Assert.Equal("slack", Channel().Name);
    }

    [Fact]
    public async Task Deliver_When429_AsksForRetryAfterSlacksDelay()
    {
        _api.Enqueue429("chat.postMessage", retryAfterSeconds: 12);

        var result = await Channel().DeliverAsync(Notification, TeamWith("C0MKT"), default);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(12), result.RetryAfter);
    }

    [Fact]
    public async Task Deliver_When5xx_AsksForRetry()
    {
        _api.EnqueueStatus("chat.postMessage", 502);

        var result = await Channel().DeliverAsync(Notification, TeamWith("C0MKT"), default);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("invalid_auth")]
    public async Task Deliver_WhenSlackRefusesForGood_Fails(string error)
    {
        _api.EnqueueError("chat.postMessage", error);

        var result = await Channel().DeliverAsync(Notification, TeamWith("C0MKT"), default);

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Equal(error, result.Detail);
    }

    [Fact]
    public async Task Deliver_OrganizationWide_GoesToFinancesChannel()
    {
        var result = await Channel(financeChannel: "C0FIN").DeliverAsync(Notification, null, default);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        Assert.Equal("C0FIN", Assert.Single(_api.CallsTo("chat.postMessage")).Str("channel"));
    }

    [Fact]
    public async Task Deliver_WithDetails_PostsThemAsAThreadReplyUnderTheMessage()
    {
        var message = new OutgoingMessage("AI spend this week", "AI spend this week", [new TextBlock("Headline"), new DetailsBlock("Every team", [new TextBlock("Marketing: $12.00")])], []);
        var digest = new OutboundNotification("digest-1", "digest", "*", null, "2026-W49", message, new Dictionary<string, object?>());

        var result = await Channel(financeChannel: "C0FIN").DeliverAsync(digest, null, default);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var posts = _api.CallsTo("chat.postMessage");
        Assert.Equal(2, posts.Count);
        Assert.Null(posts[0].Body["thread_ts"]);
        Assert.Contains("in the thread", posts[0].Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("1700000000.000100", posts[1].Str("thread_ts"));
        Assert.Contains("Marketing: $12.00", posts[1].Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_TeamWithoutSlackChannelOrNoTeam_IsNotApplicable()
    {
        Assert.Equal(DeliveryStatus.NotApplicable, (await Channel().DeliverAsync(Notification, TeamWith(null), default)).Status);
        Assert.Equal(DeliveryStatus.NotApplicable, (await Channel().DeliverAsync(Notification, null, default)).Status);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Deliver_WhenSlackIsOff_IsNotApplicable()
    {
        var result = await Channel(botToken: "").DeliverAsync(Notification, TeamWith("C0MKT"), default);

        Assert.Equal(DeliveryStatus.NotApplicable, result.Status);
        Assert.Empty(_api.Calls);
    }
}
