using System.Net;
using System.Text.Json.Nodes;
using AiBudgetBot.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Teams;

public sealed class TeamsActivityTests
{
    [Fact]
    public async Task PersonalMessage_IsAnsweredWithAnAdaptiveCardReplyToThatActivity()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json"));

        var response = await host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (sender, text) = Assert.Single(host.Chat.Texts);
        Assert.Equal("Hello Teams TestBot.Sending bold-italic rich text", text);
        Assert.Equal("7faf8ab2-3d56-4244-b585-20c8a42ed2b8", sender.PlatformUserId);
        Assert.True(sender.IsPersonal);
        Assert.Equal("msteams", sender.Platform);

        var call = Assert.Single(host.StandIn.Calls);
        var conversationId = activity["conversation"]!["id"]!.GetValue<string>();
        Assert.Equal("POST", call.Method);
        Assert.Equal($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/1485983408511", call.Path);
        Assert.Equal("Bearer outbound-token-1", call.Authorization);
        Assert.Equal("message", call.Body!["type"]!.GetValue<string>());
        Assert.Equal("1485983408511", call.Body["replyToId"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(call.Body["summary"]?.GetValue<string>()));
        var attachment = call.Body["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", attachment["content"]!["type"]!.GetValue<string>());
        Assert.Contains("You said: Hello Teams TestBot", attachment["content"]!.ToJsonString());
    }

    [Fact]
    public async Task ChannelMention_HasTheBotMentionStrippedAndIsAnsweredInTheThread()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = host.AtStandIn(TeamsTestHost.Fixture("message.channel.bot-mention.reply-to-thread.json"));

        var response = await host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (sender, text) = Assert.Single(host.Chat.Texts);
        Assert.Equal("reply to thread", text);
        Assert.False(sender.IsPersonal);
        var call = Assert.Single(host.StandIn.Calls);
        // The thread id holds ':', '@' and ';': all escaped, so the connector sees one path segment.
        Assert.Equal("v3/conversations/19%3A6848757105754c8981c67612732d9aa7%40thread.tacv2%3Bmessageid%3D1759881511856/activities/1759944781430", call.Path);
    }

    [Fact]
    public void MentionText_KeepsMentionsOfOtherPeople()
    {
        var activity = new Activity
        {
            Text = "<at>AiBudgetBot</at> budget for <at>Dana</at>",
            Recipient = new ChannelAccount { Id = "28:bot" },
            Entities =
            [
                new Entity { Type = "mention", Mentioned = new ChannelAccount { Id = "28:bot" }, Text = "<at>AiBudgetBot</at>" },
                new Entity { Type = "mention", Mentioned = new ChannelAccount { Id = "29:dana" }, Text = "<at>Dana</at>" },
            ],
        };

        Assert.Equal("budget for <at>Dana</at>", MentionText.StripBotMentions(activity));
    }

    [Fact]
    public async Task ActionExecuteInvoke_IsAnsweredInTheSameResponseWithTheCardAndTheCardIsUpdatedForEveryone()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = host.AtStandIn(TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json"));
        activity["value"]!["action"]!["verb"] = "approve";
        activity["value"]!["action"]!["data"] = new JsonObject { ["verb"] = "approve", ["subjectId"] = "req-42" };

        var response = await host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Contains("approve done on req-42", body["value"]!.ToJsonString());
        Assert.Contains("Only you can see this.", body["value"]!.ToJsonString());

        var (sender, verb, subject) = Assert.Single(host.Chat.Actions);
        Assert.Equal(("approve", "req-42"), (verb, subject));
        Assert.Equal("c5e99701-2a32-49c1-a660-4629ceeb8c61", sender.PlatformUserId);

        var update = Assert.Single(host.StandIn.Calls);
        Assert.Equal("PUT", update.Method);
        Assert.EndsWith("/activities/1767765488332", update.Path);
        Assert.Contains("approve done on req-42", update.Body!.ToJsonString());
        Assert.DoesNotContain("Only you can see this.", update.Body!.ToJsonString());
    }

    [Fact]
    public async Task RefreshInvoke_AnswersTheViewerOnlyAndUpdatesNobody()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = host.AtStandIn(TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json"));
        activity["value"]!["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "refresh", ["data"] = new JsonObject { ["verb"] = "refresh", ["subjectId"] = "req-1" } };
        activity["value"]!["trigger"] = "automatic";

        var response = await host.PostActivityAsync(activity);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal(("refresh", "req-1"), (host.Chat.Actions.Single().Verb, host.Chat.Actions.Single().SubjectId));
        Assert.Empty(host.StandIn.Calls);
    }

    [Fact]
    public async Task ActionExecuteInvoke_WithOnlyANote_IsAnsweredWithAMessage()
    {
        await using var host = await TeamsTestHost.StartAsync();
        host.Chat.ReturnCard = false;
        host.Chat.NextNote = "Only Dana or finance can approve this.";
        var activity = host.AtStandIn(TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json"));
        activity["value"]!["action"]!["verb"] = "approve";
        activity["value"]!["action"]!["data"] = new JsonObject { ["verb"] = "approve", ["subjectId"] = "req-42" };

        var response = await host.PostActivityAsync(activity);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.Equal("Only Dana or finance can approve this.", body["value"]!.GetValue<string>());
        Assert.Empty(host.StandIn.Calls);
    }

    [Fact]
    public async Task ActionExecuteInvoke_WithoutVerbAndSubject_IsAnsweredWithABadRequestError()
    {
        await using var host = await TeamsTestHost.StartAsync();
        // The fixture as published: data { feedback } names no subject.
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Empty(host.Chat.Actions);
    }

    [Fact]
    public async Task UnknownInvoke_IsAnsweredWithNotImplementedNeverLeftUnanswered()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = host.AtStandIn(TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json"));
        activity["name"] = "composeExtension/query";

        var response = await host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ActionSubmitFallback_UpdatesTheCardActivityAndRepliesWithTheNote()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = host.AtStandIn(TeamsTestHost.Fixture("message.messageBack-value.channel.inbound.jsonc"));
        activity["value"] = new JsonObject { ["verb"] = "deny", ["subjectId"] = "req-9" };

        var response = await host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Chat.Texts);
        var (_, verb, subject) = Assert.Single(host.Chat.Actions);
        Assert.Equal(("deny", "req-9"), (verb, subject));
        var escaped = Uri.EscapeDataString("19:malejcou081i20ojmlcau0@thread.skype;messageid=1498171086622");
        var update = Assert.Single(host.StandIn.CallsTo("PUT"));
        Assert.Equal($"v3/conversations/{escaped}/activities/1575667808184", update.Path);
        Assert.Contains("deny done on req-9", update.Body!.ToJsonString());
        var note = Assert.Single(host.StandIn.CallsTo("POST"));
        Assert.Equal($"v3/conversations/{escaped}/activities/{Uri.EscapeDataString("f:5261769396935243054")}", note.Path);
        Assert.Equal("Only you can see this.", note.Body!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotAnActivity_WithValidToken_Is400()
    {
        await using var host = await TeamsTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("[1,2", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", host.StandIn.SignToken());

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task MapTeams_WhenTeamsIsOff_DoesNotServeMessages()
    {
        await using var host = await TeamsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Teams:AppId"] = "", ["Teams:AppPassword"] = "" });
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(host.Services.GetService<ITeamsConversationStore>());
    }
}
