using System.Net;
using AiBudgetBot.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Teams;

public sealed class TeamsInstallationTests(TeamsAzuriteFixture storage) : IClassFixture<TeamsAzuriteFixture>
{
    [Fact]
    public async Task BotAddedToTeam_StoresTheConversationReferenceAndPostsAGreeting()
    {
        await using var host = await TeamsTestHost.StartAsync(storage.ConnectionString);
        var activity = host.AtStandIn(TeamsTestHost.Fixture("conversationUpdate.bot-added-to-team.json"));

        var response = await host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = host.Services.GetRequiredService<ITeamsConversationStore>();
        var conversationId = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2";
        var saved = await store.FindAsync(conversationId, CancellationToken.None);
        Assert.NotNull(saved);
        Assert.Equal(host.StandIn.ServiceUrl, saved.ServiceUrl);
        Assert.Equal("b28fdbfd-2b78-4f93-b0f8-8881793f0f8f", saved.TenantId);
        Assert.Equal("19:zFLSDFWsesfzcmKArqKJ-65aOXJz@sgf462H2wz41@thread.tacv2", saved.TeamId);
        Assert.Equal("TestTeam2022", saved.TeamName);
        Assert.Equal(conversationId, saved.ChannelId);
        Assert.Equal("channel", saved.ConversationType);
        Assert.Equal(TeamsTestHost.Now, saved.InstalledAt);
        Assert.Contains(await store.ListAsync(CancellationToken.None), r => r.ConversationId == conversationId);

        var greeting = Assert.Single(host.StandIn.Calls);
        Assert.Equal("POST", greeting.Method);
        Assert.Equal($"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", greeting.Path);
        var card = greeting.Body!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("AI API spend", card);
        Assert.Contains("budget", card);
    }

    [Fact]
    public async Task BotRemovedFromTeam_ForgetsTheConversation()
    {
        await using var host = await TeamsTestHost.StartAsync(storage.ConnectionString);
        var added = host.AtStandIn(TeamsTestHost.Fixture("conversationUpdate.bot-added-to-team.json"));
        await host.PostActivityAsync(added);
        var removed = host.AtStandIn(TeamsTestHost.Fixture("conversationUpdate.bot-added-to-team.json"));
        removed["membersRemoved"] = removed["membersAdded"]!.DeepClone();
        removed.Remove("membersAdded");

        var response = await host.PostActivityAsync(removed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = host.Services.GetRequiredService<ITeamsConversationStore>();
        Assert.Null(await store.FindAsync("19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", CancellationToken.None));
    }

    [Fact]
    public async Task ConversationUpdate_WhenTheStoreIsDown_Is503AndNotGreeted()
    {
        await using var host = await TeamsTestHost.StartAsync("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;");
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("conversationUpdate.bot-added-to-team.json")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(host.StandIn.Calls);
    }
}
