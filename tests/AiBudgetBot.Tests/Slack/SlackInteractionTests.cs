using System.Net;
using System.Text;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Slack;

namespace AiBudgetBot.Tests.Slack;

[Collection(AzuriteCollection.Name)]
public sealed class SlackInteractionTests(AzuriteFixture storage) : IAsyncLifetime
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
    public async Task Interactions_BlockAction_AcksEmptyThenUpdatesCardAndNotesTheClickerPrivately()
    {
        var response = await _host.PostFormAsync("/api/slack/interactions", SlackVerificationTests.Payload(ActionVerbs.Approve, "req-42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());

        var update = Assert.Single(await _api.WaitForAsync("chat.update"));
        Assert.Equal("C0TEAM", update.Str("channel"));
        Assert.Equal("1700000000.000200", update.Str("ts"));
        Assert.Contains("Request req-42", update.Body["blocks"]!.ToJsonString());

        var note = Assert.Single(await _api.WaitForAsync("chat.postEphemeral"));
        Assert.Equal("U0CLICKER", note.Str("user"));
        Assert.Equal("C0TEAM", note.Str("channel"));
        Assert.Equal("You chose approve for req-42.", note.Str("text"));

        var (sender, verb, subject) = Assert.Single(_host.Handler.Actions);
        Assert.Equal(("U0CLICKER", "approve", "req-42"), (sender.PlatformUserId, verb, subject));
    }

    [Fact]
    public async Task Interactions_OutcomeWithoutCard_OnlyNotesTheClicker()
    {
        _host.Handler.ActionAnswer = (_, _) => new ActionOutcome(null, "Only Dana or finance can approve this.");

        await _host.PostFormAsync("/api/slack/interactions", SlackVerificationTests.Payload(ActionVerbs.Approve));

        await _api.WaitForAsync("chat.postEphemeral");
        await Eventually.QuietPeriodAsync();
        Assert.Empty(_api.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Interactions_RealFixtureWithUnknownAction_GetsHarmlessNoteAndNoHandlerCall()
    {
        // botbuilder's captured block_actions: a static_select "select-fruit" we never render.
        var body = SlackFixtures.Bytes("botbuilder-dotnet/BlockActionsBody.txt");

        var response = await _host.PostSignedAsync("/api/slack/interactions", body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var note = Assert.Single(await _api.WaitForAsync("chat.postEphemeral"));
        Assert.Equal("UCJ0BJ4MP", note.Str("user"));
        Assert.Equal("D01DX1HSCC9", note.Str("channel"));
        Assert.Equal(SlackInteractionsEndpoint.UnknownButton, note.Str("text"));
        Assert.Equal(0, _host.Handler.CallCount);
        Assert.Empty(_api.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Interactions_OnEphemeralCard_ReplaceItThroughResponseUrl()
    {
        var hook = _api.HookUrl("actions/T0/9/eph");
        var payload = $$"""
            {"type":"block_actions","user":{"id":"U0CLICKER"},
             "container":{"type":"message","message_ts":"1700000000.000300","channel_id":"C0TEAM","is_ephemeral":true},
             "response_url":"{{hook.AbsoluteUri}}",
             "actions":[{"type":"button","action_id":"deny","value":"req-5"}]}
            """;

        await _host.PostFormAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(payload));

        var replaced = Assert.Single(await _api.WaitForAsync(SlackApiStandIn.ResponseUrlMethod));
        Assert.True(replaced.Body["replace_original"]!.GetValue<bool>());
        Assert.Empty(_api.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Interactions_WhenHandlerThrows_ClickerGetsAnApology()
    {
        _host.Handler.ActionAnswer = (_, _) => throw new InvalidOperationException("store down");

        await _host.PostFormAsync("/api/slack/interactions", SlackVerificationTests.Payload(ActionVerbs.Deny));

        var note = Assert.Single(await _api.WaitForAsync("chat.postEphemeral"));
        Assert.Equal(SlackInteractionsEndpoint.Failed, note.Str("text"));
    }

    [Fact]
    public async Task Interactions_WithoutPayloadField_Returns400()
    {
        var response = await _host.PostSignedAsync("/api/slack/interactions", Encoding.UTF8.GetBytes("nothing=here"), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Lint: every verb a card can carry renders as a Slack button and a click on it reaches the handler.</summary>
    [Fact]
    public async Task Lint_EveryActionVerb_RendersAsButtonAndRoutesToTheHandler()
    {
        var message = new OutgoingMessage("All verbs", "all", [],
            ActionVerbs.All.Select(v => new MessageAction(v, "Do " + v, "subject-" + v)).ToList());

        var buttons = new BlockKitRenderer().Render(message).Blocks.OfType<ActionsBlock>().SelectMany(b => b.Elements).ToList();

        Assert.Equal(ActionVerbs.All, buttons.Select(b => b.ActionId));
        foreach (var button in buttons)
        {
            Assert.Equal("subject-" + button.ActionId, button.Value);
            var response = await _host.PostFormAsync("/api/slack/interactions", SlackVerificationTests.Payload(button.ActionId, button.Value));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.TrueAsync(() => _host.Handler.Actions.Count == ActionVerbs.All.Count);
        Assert.Equal(
            ActionVerbs.All.Order(),
            _host.Handler.Actions.Select(a => a.Verb).Order());
        Assert.All(_host.Handler.Actions, a => Assert.Equal("subject-" + a.Verb, a.SubjectId));
    }
}
