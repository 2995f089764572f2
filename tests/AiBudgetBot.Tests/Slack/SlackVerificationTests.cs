using System.Net;
using System.Text;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Slack;

namespace AiBudgetBot.Tests.Slack;

/// <summary>Nothing reaches the handler or Slack unless the request is signed by Slack, recently.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SlackVerificationTests(AzuriteFixture storage) : IAsyncLifetime
{
    private SlackApiStandIn _api = null!;
    private SlackTestHost _host = null!;

    public static TheoryData<string, string, string> Requests => new()
    {
        { "/api/slack/commands", "application/x-www-form-urlencoded", SlackFixtures.Text("botbuilder-dotnet/SlashCommandBody.txt") },
        { "/api/slack/events", "application/json", SlackFixtures.Text("slack-docs/message.im.event_callback.api-slack-com.json") },
        { "/api/slack/interactions", "application/x-www-form-urlencoded", Payload(ActionVerbs.Approve) },
    };

    public async Task InitializeAsync()
    {
        _api = await SlackApiStandIn.StartAsync();
        _host = await SlackTestHost.StartAsync(_api, storage);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_WithStaleTimestamp_Returns401AndCallsNothing(string path, string contentType, string body)
    {
        var stale = TimeProvider.System.GetUtcNow().AddSeconds(-301).ToUnixTimeSeconds();

        var response = await _host.PostSignedAsync(path, Encoding.UTF8.GetBytes(body), contentType, timestamp: stale);

        await AssertRejectedAsync(response);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_SignedWithAnotherSecret_Returns401AndCallsNothing(string path, string contentType, string body)
    {
        var response = await _host.PostSignedAsync(path, Encoding.UTF8.GetBytes(body), contentType, secret: "forger-secret");

        await AssertRejectedAsync(response);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_WithBodyTamperedAfterSigning_Returns401AndCallsNothing(string path, string contentType, string body)
    {
        var ts = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString();
        var signature = SlackSignature.Compute(SlackTestHost.Secret, ts, Encoding.UTF8.GetBytes(body));
        var tampered = Encoding.UTF8.GetBytes(body + "&x=1");

        var response = await _host.PostSignedAsync(path, tampered, contentType, tweak: r =>
        {
            r.Headers.Remove("X-Slack-Signature");
            r.Headers.Add("X-Slack-Signature", signature);
        });

        await AssertRejectedAsync(response);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_Unsigned_Returns401AndCallsNothing(string path, string contentType, string body)
    {
        var response = await _host.PostSignedAsync(path, Encoding.UTF8.GetBytes(body), contentType, tweak: r =>
        {
            r.Headers.Remove("X-Slack-Signature");
            r.Headers.Remove("X-Slack-Request-Timestamp");
        });

        await AssertRejectedAsync(response);
    }

    [Fact]
    public async Task Request_WithTimestampReplacedToLookFresh_Returns401()
    {
        // A captured request replayed with a new timestamp: the signature covers the timestamp.
        var body = Encoding.UTF8.GetBytes(SlackFixtures.Text("botbuilder-dotnet/SlashCommandBody.txt"));
        var old = TimeProvider.System.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds().ToString();
        var signature = SlackSignature.Compute(SlackTestHost.Secret, old, body);

        var response = await _host.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", tweak: r =>
        {
            r.Headers.Remove("X-Slack-Signature");
            r.Headers.Add("X-Slack-Signature", signature);
        });

        await AssertRejectedAsync(response);
    }

    [Fact]
    public async Task Request_LargerThanTheCap_IsRefusedWithoutCallingAnything()
    {
        var body = Encoding.UTF8.GetBytes("text=" + new string('a', 300 * 1024));

        var response = await _host.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, _host.Handler.CallCount);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_WhenSlackIsOff_Returns401EvenIfSignedWithAnEmptySecret(string path, string contentType, string body)
    {
        // SlackNet's gap: no secret must never mean "accept everything".
        await using var off = await SlackTestHost.StartAsync(_api, storage, settings: new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = "",
            ["Slack:SigningSecret"] = "",
        });

        var response = await off.PostSignedAsync(path, Encoding.UTF8.GetBytes(body), contentType, secret: "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Eventually.QuietPeriodAsync();
        Assert.Equal(0, off.Handler.CallCount);
        Assert.Empty(_api.Calls);
    }

    private async Task AssertRejectedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await Eventually.QuietPeriodAsync();
        Assert.Equal(0, _host.Handler.CallCount);
        Assert.Empty(_api.Calls);
    }

    internal static string Payload(string actionId, string value = "req-1") =>
        "payload=" + Uri.EscapeDataString($$"""
            {"type":"block_actions","user":{"id":"U0CLICKER","username":"dana"},
             "container":{"type":"message","message_ts":"1700000000.000200","channel_id":"C0TEAM","is_ephemeral":false},
             "channel":{"id":"C0TEAM","name":"marketing"},
             "response_url":"https://hooks.slack.com/actions/T0/1/abc",
             "actions":[{"type":"button","action_id":"{{actionId}}","block_id":"actions-1","value":"{{value}}","action_ts":"1700000001.0"}]}
            """);
}
