using System.Net;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Teams;

namespace AiBudgetBot.Tests.Teams;

/// <summary>Every verb a card can carry renders as a button and comes back through both click paths.</summary>
public sealed class ActionVerbLintTests
{
    public static TheoryData<string> Verbs => [.. ActionVerbs.All];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task EveryActionVerb_RendersAndRoundTripsThroughInvokeAndSubmit(string verb)
    {
        await using var host = await TeamsTestHost.StartAsync();
        var message = new OutgoingMessage("t", "t", [], [new MessageAction(verb, "Go", "subject-1")]);
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(message));
        var execute = card["actions"]![0]!;
        Assert.Equal(verb, execute["verb"]!.GetValue<string>());

        // Action.Execute path: Teams sends the button's verb and data in an invoke.
        var invoke = host.AtStandIn(TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json"));
        invoke["value"]!["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = execute["data"]!.DeepClone() };
        var invoked = await host.PostActivityAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, invoked.StatusCode);
        Assert.Equal(200, JsonNode.Parse(await invoked.Content.ReadAsStringAsync())!["statusCode"]!.GetValue<int>());

        // Action.Submit fallback path: the data arrives as the message's value.
        var submit = host.AtStandIn(TeamsTestHost.Fixture("message.messageBack-value.channel.inbound.jsonc"));
        submit["value"] = execute["fallback"]!["data"]!.DeepClone();
        var submitted = await host.PostActivityAsync(submit);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);

        Assert.Equal([(verb, "subject-1"), (verb, "subject-1")], host.Chat.Actions.Select(a => (a.Verb, a.SubjectId)));
        Assert.Empty(host.Chat.Texts);
    }
}
