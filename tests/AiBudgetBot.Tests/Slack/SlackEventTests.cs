using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Tests.Slack;

[Collection(AzuriteCollection.Name)]
public sealed class SlackEventTests(AzuriteFixture storage) : IAsyncLifetime
{
    private SlackApiStandIn _api = null!;
    private SlackTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _api = await SlackApiStandIn.StartAsync();
        _host = await SlackTestHost.StartAsync(_api, storage, settings: new Dictionary<string, string?> { ["Slack:BotUserId"] = "U0BOT" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Events_UrlVerificationFixture_AnswersTheChallenge()
    {
        var response = await _host.PostJsonAsync("/api/slack/events", SlackFixtures.Text("botbuilder-dotnet/URLVerificationBody.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", json.GetProperty("challenge").GetString());
        Assert.Equal(0, _host.Handler.CallCount);
    }

    [Theory]
    [InlineData("slack-docs/app_mention.event_callback.api-slack-com.json", "C0LAN2Q65", "U061F7AUR")]
    [InlineData("slack-docs/app_mention.event_callback.docs-slack-dev.jsonc", "C123ABC456", "U123ABC456")]
    public async Task Events_AppMentionFixture_AnswersInThreadWithMentionStripped(string fixture, string channel, string user)
    {
        var response = await _host.PostJsonAsync("/api/slack/events", SlackFixtures.Text(fixture));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var post = Assert.Single(await _api.WaitForAsync("chat.postMessage"));
        Assert.Equal(channel, post.Str("channel"));
        Assert.Equal("1515449522.000016", post.Str("thread_ts"));
        Assert.Equal("Bearer " + SlackTestHost.BotToken, post.Authorization);
        Assert.NotNull(post.Body["blocks"]);

        var (sender, text) = Assert.Single(_host.Handler.Texts);
        Assert.DoesNotContain("<@", text);
        Assert.StartsWith("What is the hour of the pearl", text);
        Assert.Equal(user, sender.PlatformUserId);
        Assert.False(sender.IsPersonal);
    }

    [Fact]
    public async Task Events_MessageImFixture_AnswersInTheDirectMessage()
    {
        await _host.PostJsonAsync("/api/slack/events", SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json"));

        var post = Assert.Single(await _api.WaitForAsync("chat.postMessage"));
        Assert.Equal("D024BE91L", post.Str("channel"));
        Assert.Null(post.Body["thread_ts"]);
        var (sender, text) = Assert.Single(_host.Handler.Texts);
        Assert.Equal("Hello hello can you hear me?", text);
        Assert.True(sender.IsPersonal);
    }

    [Fact]
    public async Task Events_BotbuilderMessageFixture_IsAnswered()
    {
        await _host.PostJsonAsync("/api/slack/events", SlackFixtures.Text("botbuilder-dotnet/MessageBody.json"));

        var post = Assert.Single(await _api.WaitForAsync("chat.postMessage"));
        Assert.Equal("channelId", post.Str("channel"));
    }

    [Fact]
    public async Task Events_RetriedWithSameEventId_AreAnsweredOnce()
    {
        var body = SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json");

        await _host.PostJsonAsync("/api/slack/events", body);
        var retry = await _host.PostJsonAsync("/api/slack/events", body, r =>
        {
            r.Headers.Add("X-Slack-Retry-Num", "1");
            r.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        });

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await _api.WaitForAsync("chat.postMessage");
        await Eventually.QuietPeriodAsync();
        Assert.Single(_api.CallsTo("chat.postMessage"));
        Assert.Single(_host.Handler.Texts);
    }

    [Fact]
    public async Task Events_HandlerFailed_SlacksRetryIsHandled()
    {
        var body = SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json");
        var calls = 0;
        _host.Handler.Answer = (_, text) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("the handler failed this once")
            : OutgoingMessage.Plain("Budget", $"You asked **{text}**");

        await _host.PostJsonAsync("/api/slack/events", body);
        for (var waited = 0; _host.Handler.Texts.IsEmpty && waited < 100; waited++)
        {
            await Task.Delay(50);
        }

        // Slack retries after a minute at the earliest; a second is ample for the claim to be given back.
        await Task.Delay(1000);
        Assert.Empty(_api.CallsTo("chat.postMessage"));
        var retry = await _host.PostJsonAsync("/api/slack/events", body, r => r.Headers.Add("X-Slack-Retry-Num", "1"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await _api.WaitForAsync("chat.postMessage");
        await Eventually.QuietPeriodAsync();
        Assert.Single(_api.CallsTo("chat.postMessage"));
        Assert.Equal(2, _host.Handler.Texts.Count);
    }

    [Fact]
    public async Task Events_RetryDeliveredToAnotherInstance_IsAnsweredOnce()
    {
        // Two instances share the store but not memory; the table row decides who answers.
        var prefix = "slkshared" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await SlackTestHost.StartAsync(_api, storage, tablePrefix: prefix);
        await using var second = await SlackTestHost.StartAsync(_api, storage, tablePrefix: prefix);
        var body = SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json");

        await first.PostJsonAsync("/api/slack/events", body);
        await _api.WaitForAsync("chat.postMessage");
        await second.PostJsonAsync("/api/slack/events", body, r => r.Headers.Add("X-Slack-Retry-Num", "1"));
        await Eventually.QuietPeriodAsync();

        Assert.Single(_api.CallsTo("chat.postMessage"));
        Assert.Equal(1, first.Handler.CallCount + second.Handler.CallCount);
    }

    [Theory]
    [InlineData("""{"type":"message","channel":"D1","user":"U1","text":"hi","ts":"1.1","channel_type":"im","bot_id":"B1"}""")]
    [InlineData("""{"type":"message","subtype":"bot_message","channel":"D1","text":"hi","ts":"1.1","channel_type":"im","bot_id":"B1"}""")]
    [InlineData("""{"type":"message","channel":"D1","user":"U0BOT","text":"my own words","ts":"1.1","channel_type":"im"}""")]
    [InlineData("""{"type":"app_mention","channel":"C1","user":"U1","text":"<@U0BOT> hi","ts":"1.1","bot_id":"B9"}""")]
    [InlineData("""{"type":"message","subtype":"message_changed","channel":"D1","ts":"1.1","channel_type":"im"}""")]
    [InlineData("""{"type":"message","channel":"C1","user":"U1","text":"chatter in a channel","ts":"1.1","channel_type":"channel"}""")]
    [InlineData("""{"type":"reaction_added","user":"U1","reaction":"thumbsup","item":{"type":"message","channel":"C1","ts":"1.1"}}""")]
    public async Task Events_FromBotsOrNotForUs_AreAcknowledgedAndIgnored(string inner)
    {
        var body = $$"""{"type":"event_callback","team_id":"T1","event_id":"Ev{{Guid.NewGuid():N}}","event_time":1,"event":{{inner}}}""";

        var response = await _host.PostJsonAsync("/api/slack/events", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.QuietPeriodAsync();
        Assert.Equal(0, _host.Handler.CallCount);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Events_OwnUserFromAuthorizations_IsIgnoredEvenWithoutConfiguredBotId()
    {
        await using var host = await SlackTestHost.StartAsync(_api, storage);
        var body = """
            {"type":"event_callback","event_id":"EvSelf1","event_time":1,
             "authorizations":[{"team_id":"T1","user_id":"U0SELF","is_bot":true}],
             "event":{"type":"message","channel":"D1","user":"U0SELF","text":"echo","ts":"1.1","channel_type":"im"}}
            """;

        await host.PostJsonAsync("/api/slack/events", body);

        await Eventually.QuietPeriodAsync();
        Assert.Equal(0, host.Handler.CallCount);
    }

    [Fact]
    public async Task Events_ReplyRateLimitedOnce_IsPostedAfterRetryAfter()
    {
        _api.Enqueue429("chat.postMessage", retryAfterSeconds: 2);

        await _host.PostJsonAsync("/api/slack/events", SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json"));

        await _api.WaitForAsync("chat.postMessage", count: 2);
        Assert.Contains(TimeSpan.FromSeconds(2), _host.Delay.Waits);
        Assert.Single(_host.Handler.Texts);
    }

    [Fact]
    public async Task Events_AreAcknowledgedAtOnceWhileTheHandlerIsSlow()
    {
        _host.Handler.TextDelay = TimeSpan.FromSeconds(3);
        var clock = Stopwatch.StartNew();

        var response = await _host.PostJsonAsync("/api/slack/events", SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"acked after {clock.Elapsed}");
        await _api.WaitForAsync("chat.postMessage");
    }
}
