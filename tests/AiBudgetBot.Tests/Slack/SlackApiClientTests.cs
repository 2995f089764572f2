using System.Net;
using AiBudgetBot.Slack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Slack;

public sealed class SlackApiClientTests : IAsyncLifetime
{
    private SlackApiStandIn _api = null!;
    private readonly RecordingDelay _delay = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _api = await SlackApiStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    private SlackApiClient Client(int maxAttempts = 3, TimeProvider? clock = null)
    {
        var options = Options.Create(new SlackOptions
        {
            BotToken = "xoxb-1",
            SigningSecret = "s",
            ApiBaseUrl = new Uri(_api.ApiBaseUrl.AbsoluteUri.TrimEnd('/')), // no trailing slash on purpose
            MaxAttempts = maxAttempts,
        });
        return new SlackApiClient(_http, options, new SlackChannelPacer(options, clock ?? TimeProvider.System, _delay), _delay, new SlackWorkspace(), NullLogger<SlackApiClient>.Instance);
    }

    [Fact]
    public async Task PostMessage_SendsJsonWithBearerToken()
    {
        var result = await Client().PostMessageAsync(new ChatPostMessage("C1", "hello", null, ThreadTs: "1.2"), default);

        var call = Assert.Single(_api.CallsTo("chat.postMessage"));
        Assert.Equal("Bearer xoxb-1", call.Authorization);
        Assert.StartsWith("application/json", call.ContentType);
        Assert.Equal("1.2", call.Str("thread_ts"));
        Assert.Null(call.Body["blocks"]); // nulls are left out
        Assert.Equal("1700000000.000100", result.Ts);
    }

    [Fact]
    public async Task PostMessage_After429_WaitsRetryAfterThenSucceeds()
    {
        _api.Enqueue429("chat.postMessage", retryAfterSeconds: 7);

        var result = await Client().PostMessageAsync(new ChatPostMessage("C1", "hi", null), default);

        Assert.Equal("1700000000.000100", result.Ts);
        Assert.Equal(2, _api.CallsTo("chat.postMessage").Count);
        Assert.Contains(TimeSpan.FromSeconds(7), _delay.Waits);
    }

    [Fact]
    public async Task PostMessage_Rate429EveryTime_GivesUpAfterMaxAttemptsWithRetryAfter()
    {
        for (var i = 0; i < 5; i++)
        {
            _api.Enqueue429("chat.postMessage", retryAfterSeconds: 3);
        }

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client(maxAttempts: 3).PostMessageAsync(new ChatPostMessage("C1", "hi", null), default));

        Assert.Equal(3, _api.CallsTo("chat.postMessage").Count);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Call_RetryAfterLongerThanTheCap_IsHandedBackNotSatOut()
    {
        _api.Enqueue429("chat.update", retryAfterSeconds: 3600);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().UpdateAsync(new ChatUpdate("C1", "1.1", "x", null), default));

        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Single(_api.CallsTo("chat.update"));
    }

    [Theory]
    [InlineData("channel_not_found", false)]
    [InlineData("not_in_channel", false)]
    [InlineData("invalid_auth", false)]
    [InlineData("internal_error", true)]
    public async Task Call_OkFalse_ThrowsTypedErrorWithSlacksCode(string code, bool transient)
    {
        _api.EnqueueError("chat.postEphemeral", code);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().PostEphemeralAsync(new ChatPostEphemeral("C1", "U1", "x"), default));

        Assert.Equal(code, error.Error);
        Assert.Equal("chat.postEphemeral", error.Method);
        Assert.Equal(transient, error.IsTransient);
    }

    [Fact]
    public async Task Call_ServerError_IsTransient()
    {
        _api.EnqueueStatus("chat.postMessage", 503);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => Client().PostMessageAsync(new ChatPostMessage("C1", "x", null), default));

        Assert.Equal("http_503", error.Error);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task OpenDirectMessage_ReturnsTheDmChannelId()
    {
        var channel = await Client().OpenDirectMessageAsync("U1", default);

        Assert.Equal("D0STANDIN", channel);
        Assert.Equal("U1", Assert.Single(_api.CallsTo("conversations.open")).Str("users"));
    }

    [Fact]
    public async Task PostMessage_TwiceToOneChannel_IsPacedAboutASecondApart_OtherChannelsAreNot()
    {
        // A clock that stands still: the wall-clock time of the HTTP calls must not count as waiting.
        var client = Client(clock: new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T09:00:00Z")));

        await client.PostMessageAsync(new ChatPostMessage("C1", "one", null), default);
        await client.PostMessageAsync(new ChatPostMessage("C2", "other", null), default);
        await client.PostMessageAsync(new ChatPostMessage("C1", "two", null), default);

        var waits = _delay.Waits.ToList();
        Assert.Equal(3, waits.Count);
        Assert.True(waits[0] <= TimeSpan.Zero);
        Assert.True(waits[1] <= TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[2]);
    }

    [Fact]
    public async Task PostToResponseUrl_NotHttpsAndNotLoopback_IsRefused()
    {
        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            Client().PostToResponseUrlAsync(new Uri("http://hooks.example.com/x"), new SlackResponseMessage(null, "x", null), default));

        Assert.Equal("response_url_not_allowed", error.Error);
    }
}
