using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Tests.Slack;

[Collection(AzuriteCollection.Name)]
public sealed class SlackCommandTests(AzuriteFixture storage) : IAsyncLifetime
{
    private SlackApiStandIn _api = null!;
    private SlackTestHost _host = null!;

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

    [Fact]
    public async Task Commands_RealFixtureReSigned_AnswersInlineAndPrivately()
    {
        var response = await _host.PostFormAsync("/api/slack/commands", SlackFixtures.Text("botbuilder-dotnet/SlashCommandBody.txt"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Equal("header", json.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Contains("help", json.GetProperty("text").GetString());

        var (sender, text) = Assert.Single(_host.Handler.Texts);
        Assert.Equal("help", text); // empty text after /aibudget asks for help
        Assert.Equal(new ChatSender("slack", "testUserId", "testUserName", "testChannelId", IsPersonal: true) { Tenant = "teamId" }, sender);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Commands_WhenHandlerIsSlow_AckWithin3SecondsAndAnswerArrivesAtResponseUrl()
    {
        _host.Handler.TextDelay = TimeSpan.FromSeconds(3.5);
        var form = Form("budget marketing", _api.HookUrl("commands/T0/1/slow"));

        var clock = Stopwatch.StartNew();
        var response = await _host.PostFormAsync("/api/slack/commands", form);
        var ackTime = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(ackTime < TimeSpan.FromSeconds(3), $"acked after {ackTime}");
        var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", ack.GetProperty("response_type").GetString());
        Assert.StartsWith("Working on it", ack.GetProperty("text").GetString());

        var late = Assert.Single(await _api.WaitForAsync(SlackApiStandIn.ResponseUrlMethod));
        Assert.Equal("commands/T0/1/slow", late.HookName);
        Assert.Contains("budget marketing", late.Str("text"));
        Assert.Equal("ephemeral", late.Str("response_type"));
        Assert.Equal("", late.Authorization); // the bot token never goes to a response_url
    }

    [Fact]
    public async Task Commands_AnswerWithButtons_IsSharedInChannel()
    {
        _host.Handler.Answer = (_, _) => new OutgoingMessage("Override requested", "Dana asked for $200", [],
            [new MessageAction(ActionVerbs.Approve, "Approve", "req-7", ActionStyle.Positive)]);

        var response = await _host.PostFormAsync("/api/slack/commands", Form("override 200 launch", _api.HookUrl("x")));

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("in_channel", json.GetProperty("response_type").GetString());
    }

    [Fact]
    public async Task Commands_AnswerMarkedShared_IsSharedInChannel()
    {
        _host.Handler.Answer = (_, _) => OutgoingMessage.Plain("Budget", "For all") with { Visibility = MessageVisibility.Shared };

        var response = await _host.PostFormAsync("/api/slack/commands", Form("budget", _api.HookUrl("x")));

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("in_channel", json.GetProperty("response_type").GetString());
    }

    [Fact]
    public async Task Commands_WhenHandlerThrows_AnswersAnApologyPrivately()
    {
        _host.Handler.Answer = (_, _) => throw new InvalidOperationException("boom");

        var response = await _host.PostFormAsync("/api/slack/commands", Form("budget", _api.HookUrl("x")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.StartsWith("Sorry", json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Commands_SlowAnswerWithPlainHttpResponseUrl_IsNotPosted()
    {
        _host.Handler.TextDelay = TimeSpan.FromSeconds(2.2);

        var response = await _host.PostFormAsync("/api/slack/commands", Form("budget", new Uri("http://hooks.example.com/commands/1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(0.6));
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Commands_SslCheck_Answers200WithoutCallingTheHandler()
    {
        var response = await _host.PostFormAsync("/api/slack/commands", "ssl_check=1&token=ignored");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _host.Handler.CallCount);
    }

    internal static string Form(string text, Uri responseUrl) =>
        "token=ignored&team_id=T0&team_domain=acme&channel_id=C0TEAM&channel_name=marketing&user_id=U0DANA&user_name=dana"
        + "&command=%2Faibudget&text=" + Uri.EscapeDataString(text)
        + "&response_url=" + Uri.EscapeDataString(responseUrl.AbsoluteUri) + "&trigger_id=1.2.3";
}
