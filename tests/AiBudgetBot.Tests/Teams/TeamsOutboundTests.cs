using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Notifications;
using AiBudgetBot.Status;
using AiBudgetBot.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Teams;

public sealed class TeamsOutboundTests
{
    private const string ChannelId = "19:6848757105754c8981c67612732d9aa7@thread.tacv2";

    [Fact]
    public async Task Notification_ToATeamsChannel_StartsANewThreadInThatChannel()
    {
        await using var host = await TeamsTestHost.StartAsync();

        var result = await Channel(host).DeliverAsync(Notification(), TeamIn(host, ChannelId), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var call = Assert.Single(host.StandIn.Calls);
        Assert.Equal(("POST", "v3/conversations"), (call.Method, call.Path));
        Assert.Equal("Bearer outbound-token-1", call.Authorization);
        Assert.True(call.Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal(ChannelId, call.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-x", call.Body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", call.Body["activity"]!["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal(host.StandIn.AppId, host.StandIn.LastTokenForm!["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", host.StandIn.LastTokenForm["scope"]);
    }

    [Fact]
    public async Task Notification_ToAChat_IsSentToThatConversation()
    {
        await using var host = await TeamsTestHost.StartAsync();

        var result = await Channel(host).DeliverAsync(Notification(), TeamIn(host, "a:1personal"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var call = Assert.Single(host.StandIn.Calls);
        Assert.Equal("v3/conversations/a%3A1personal/activities", call.Path);
    }

    [Fact]
    public async Task Notification_WhenTheTeamHasNoTeamsChannel_IsNotApplicable()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var team = new Team("marketing", "Marketing", [], [], TeamChannels.None, null, []);

        Assert.Equal(DeliveryStatus.NotApplicable, (await Channel(host).DeliverAsync(Notification(), team, CancellationToken.None)).Status);
        Assert.Empty(host.StandIn.Calls);
    }

    [Fact]
    public async Task Notification_WhenTeamsIsOff_IsNotApplicable()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var off = new TeamsNotificationChannel(host.Services.GetRequiredService<ConnectorClient>(), Options.Create(new TeamsOptions()), new ConfigurationBuilder().Build());

        Assert.Equal(DeliveryStatus.NotApplicable, (await off.DeliverAsync(Notification(), TeamIn(host, ChannelId), CancellationToken.None)).Status);
        Assert.Empty(host.StandIn.Calls);
    }

    [Fact]
    public async Task Connector429WithRetryAfter_IsRetriedAfterThatWaitThenDelivered()
    {
        await using var host = await TeamsTestHost.StartAsync();
        host.StandIn.FailNext(429, """{"error":{"code":"Throttled"}}""", retryAfter: "2");

        var result = await Channel(host).DeliverAsync(Notification(), TeamIn(host, ChannelId), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        Assert.Equal(2, host.StandIn.Calls.Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], host.Delays.Waits);
    }

    [Fact]
    public async Task ConnectorFailingWith5xxEveryTime_GivesUpAfterBoundedAttemptsAsRetry()
    {
        await using var host = await TeamsTestHost.StartAsync();
        for (var i = 0; i < ConnectorClient.MaxAttempts; i++)
        {
            host.StandIn.FailNext(503);
        }

        var result = await Channel(host).DeliverAsync(Notification(), TeamIn(host, ChannelId), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.NotNull(result.RetryAfter);
        Assert.Equal(ConnectorClient.MaxAttempts, host.StandIn.Calls.Count);
        Assert.Equal(ConnectorClient.MaxAttempts - 1, host.Delays.Waits.Count);
    }

    [Fact]
    public async Task Connector429WithLongRetryAfter_IsHandedBackAsRetryWithThatWait()
    {
        await using var host = await TeamsTestHost.StartAsync();
        host.StandIn.FailNext(429, retryAfter: "120");

        var result = await Channel(host).DeliverAsync(Notification(), TeamIn(host, ChannelId), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Single(host.StandIn.Calls);
        Assert.Empty(host.Delays.Waits);
    }

    [Fact]
    public async Task Connector403MessageWritesBlocked_IsAPermanentFailure()
    {
        await using var host = await TeamsTestHost.StartAsync();
        host.StandIn.FailNext(403, """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot."},"errorCode":"MessageWritesBlocked"}""");

        var result = await Channel(host).DeliverAsync(Notification(), TeamIn(host, "a:1personal"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Failed, result.Status);
        Assert.Contains("MessageWritesBlocked", result.Detail);
        Assert.Single(host.StandIn.Calls);
    }

    [Fact]
    public async Task ConnectorClient_Reports403BlockedAsItsOwnStatus()
    {
        await using var host = await TeamsTestHost.StartAsync();
        host.StandIn.FailNext(403, """{"errorCode":"MessageWritesBlocked"}""");
        var connector = host.Services.GetRequiredService<ConnectorClient>();

        var result = await connector.SendAsync(host.StandIn.ServiceUrl, "a:1", TeamsMessages.Note("hi"), CancellationToken.None);

        Assert.Equal(ConnectorStatus.Blocked, result.Status);
    }

    [Fact]
    public async Task OutboundToken_IsCachedAcrossCallsUntilFiveMinutesBeforeExpiry()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var channel = Channel(host);
        var team = TeamIn(host, ChannelId);

        await channel.DeliverAsync(Notification(), team, CancellationToken.None);
        await channel.DeliverAsync(Notification(), team, CancellationToken.None);
        Assert.Equal(1, host.StandIn.TokenRequests);

        host.Time.Advance(TimeSpan.FromMinutes(56));
        await channel.DeliverAsync(Notification(), team, CancellationToken.None);

        Assert.Equal(2, host.StandIn.TokenRequests);
        Assert.Equal("Bearer outbound-token-2", host.StandIn.Calls.Last().Authorization);
    }

    [Fact]
    public async Task ConnectorClient_AddsTheTrailingSlashToServiceUrl()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var connector = host.Services.GetRequiredService<ConnectorClient>();

        var result = await connector.UpdateAsync(host.StandIn.ServiceUrl.TrimEnd('/'), "a:1", "act/1", TeamsMessages.Note("hi"), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(("PUT", "v3/conversations/a%3A1/activities/act%2F1"), (host.StandIn.Calls.Single().Method, host.StandIn.Calls.Single().Path));
    }

    [Fact]
    public async Task ConnectorClient_RefusesPlainHttpServiceUrlOffLoopback()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var connector = host.Services.GetRequiredService<ConnectorClient>();

        var result = await connector.SendAsync("http://smba.example.com/amer/", "a:1", TeamsMessages.Note("hi"), CancellationToken.None);

        Assert.Equal(ConnectorStatus.Failed, result.Status);
        Assert.Equal(0, host.StandIn.TokenRequests);
    }

    private static INotificationChannel Channel(TeamsTestHost host) =>
        host.Services.GetServices<INotificationChannel>().Single(c => c.Name == "teams");

    private static Team TeamIn(TeamsTestHost host, string conversationId) =>
        new("marketing", "Marketing", ["dana"], [], new TeamChannels(new TeamsChannel(host.StandIn.ServiceUrl, conversationId, "tenant-x"), null), null, []);

    private static OutboundNotification Notification() =>
        new("n-1", "threshold", "marketing", "baseline", "2026-12", SampleMessages.BudgetStatus("Marketing is at 75 % of its December budget"), new Dictionary<string, object?> { ["threshold"] = 75 });
}
