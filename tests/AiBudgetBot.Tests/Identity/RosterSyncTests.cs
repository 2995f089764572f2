using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Roster;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Identity;

/// <summary>
/// Team membership from the linked channel's roster, through the real host, the Teams and Slack
/// stand-ins on loopback and Azurite: members are added and removed by email on both platforms
/// (roster pages of two), named members and owners stay, strangers never get in, and a platform
/// failure changes nothing.
/// </summary>
public sealed class RosterSyncTests : IAsyncLifetime
{
    private const string TeamsConversation = "19:marketing-general@thread.tacv2";
    private const string SlackChannel = "C0MKT";

    private ChatTestBot _bot = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _bot = await ChatTestBot.StartAsync();
        _admin = _bot.Bot.Admin();
        // The directory knows Bea and Carl by work email only: no platform id anywhere.
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/people", new object[]
        {
            new { email = "Bea.Lin@Contoso.com", name = "Bea Lin", roles = Array.Empty<string>(), id = "bea" },
            new { email = "carl.ortiz@contoso.com", name = "Carl Ortiz", roles = Array.Empty<string>(), id = "carl" },
        }));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Teams_Sync_AddsMembersByEmail_AcrossPages_AndRemovesOnlyThoseItAdded()
    {
        await LinkAsync(teams: true, slack: false);
        _bot.Teams.AddMember("29:bea", "aad-bea", "bea.lin@contoso.com", ChatTestBot.Tenant);
        _bot.Teams.AddMember("29:carl", "aad-carl", "CARL.ORTIZ@contoso.com", ChatTestBot.Tenant);
        _bot.Teams.AddMember("29:alice", ChatTestBot.AliceAad, "alice@contoso.com", ChatTestBot.Tenant);
        _bot.Teams.AddMember("29:dana", ChatTestBot.DanaAad, "dana@contoso.com", ChatTestBot.Tenant);
        _bot.Teams.AddMember("29:zed", "aad-zed", "zed@elsewhere.example", ChatTestBot.Tenant);
        // A guest from another tenant with Bea's email: never matched.
        _bot.Teams.AddMember("29:guest", "aad-guest", "bea.lin@contoso.com", "another-tenant");
        // A guest account in our tenant with Carl's email: a guest, not one of the organization's people.
        _bot.Teams.AddMember("29:guest-in", "aad-guest-in", "carl.ortiz@contoso.com", ChatTestBot.Tenant);
        _bot.Teams.Members["29:guest-in"]["userRole"] = "guest";

        var first = await SyncAsync();

        Assert.Equal(["bea", "carl"], Strings(first, "added"));
        Assert.Empty(Strings(first, "removed"));
        Assert.Equal(1, first.GetProperty("unmatched").GetProperty("count").GetInt32());
        Assert.Equal(["zed@elsewhere.example"], Strings(first.GetProperty("unmatched"), "emails"));
        Assert.Equal(2, first.GetProperty("outside").GetInt32());
        // Dana is an owner: owners stay explicit, never channel members.
        Assert.Equal(["alice", "bea", "carl"], Strings(first, "channelMembers"));
        // Seven members at two a page: four pages, each after the first asked with the token it was given.
        var pages = _bot.Teams.CallsTo("GET").Where(c => c.Path.Contains("/pagedmembers", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pages.Count);
        Assert.Contains("continuationToken=6", pages[3].Path, StringComparison.Ordinal);
        Assert.Equal("aad-bea", (await PersonAsync("bea")).TeamsAadObjectId);
        Assert.Equal("aad-carl", (await PersonAsync("carl")).TeamsAadObjectId);

        var view = await TeamAsync();
        Assert.Equal("channel", view.GetProperty("membersFrom").GetString());
        Assert.Equal(["admin", "channel"], Strings(view.GetProperty("memberSources"), "alice"));
        Assert.Equal(["admin"], Strings(view.GetProperty("memberSources"), "dana"));
        Assert.Equal(["channel"], Strings(view.GetProperty("memberSources"), "bea"));

        // Carl and Alice leave the channel: Carl goes, Alice stays (an admin named her).
        _bot.Teams.Members.TryRemove("29:carl", out _);
        _bot.Teams.Members.TryRemove("29:alice", out _);
        var second = await SyncAsync();

        Assert.Empty(Strings(second, "added"));
        Assert.Equal(["carl"], Strings(second, "removed"));
        var after = await TeamAsync();
        Assert.Equal(["alice", "bea", "dana"], Strings(after, "members").Order(StringComparer.Ordinal));
        Assert.Equal(["admin"], Strings(after.GetProperty("memberSources"), "alice"));
    }

    [Fact]
    public async Task Teams_Sync_AsksForTheRosterOfTheTeamTheAppWasInstalledIn()
    {
        // The app is installed in a channel of a team: the install record knows the team's id.
        var install = TeamsTestHost.Fixture("conversationUpdate.bot-added-to-team.json");
        install["serviceUrl"] = _bot.Teams.ServiceUrl;
        install["conversation"]!["tenantId"] = ChatTestBot.Tenant;
        install["channelData"]!["tenant"]!["id"] = ChatTestBot.Tenant;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(install.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", _bot.Teams.SignToken());
        (await _bot.Client.SendAsync(request)).EnsureSuccessStatusCode();
        var channel = install["conversation"]!["id"]!.GetValue<string>();
        var team = install["channelData"]!["team"]!["id"]!.GetValue<string>();
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing", new
        {
            name = "Marketing",
            owners = new[] { "dana" },
            membersFrom = "channel",
            channels = new { teams = new { serviceUrl = _bot.Teams.ServiceUrl, conversationId = channel, tenantId = ChatTestBot.Tenant } },
        }));
        _bot.Teams.AddMember("29:bea", "aad-bea", "bea.lin@contoso.com", ChatTestBot.Tenant);

        Assert.Equal(["bea"], Strings(await SyncAsync(), "added"));
        var page = Assert.Single(_bot.Teams.CallsTo("GET"), c => c.Path.Contains("/pagedmembers", StringComparison.Ordinal));
        Assert.StartsWith($"v3/conversations/{Uri.EscapeDataString(team)}/pagedmembers?", page.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_Sync_AddsMembersByEmail_AcrossPages_AndRemovesOnlyThoseItAdded()
    {
        await LinkAsync(teams: false, slack: true);
        _bot.Slack.AddUser("U0BEA", "BEA.LIN@contoso.com");
        _bot.Slack.AddUser("U0CARL", "carl.ortiz@contoso.com");
        _bot.Slack.AddUser("U0ZED", "zed@elsewhere.example");
        _bot.Slack.AddUser("U0GUEST", "carl.ortiz@contoso.com", teamId: "T0OTHER");
        // Alice is known by her Slack id already: she needs no users.info.
        _bot.Slack.ChannelMembers[SlackChannel] = ["U0ALICE", "U0BEA", "U0CARL", "U0GUEST", "U0ZED"];

        var first = await SyncAsync();

        Assert.Equal(["bea", "carl"], Strings(first, "added"));
        Assert.Equal(["zed@elsewhere.example"], Strings(first.GetProperty("unmatched"), "emails"));
        Assert.Equal(1, first.GetProperty("outside").GetInt32());
        Assert.Equal(["alice", "bea", "carl"], Strings(first, "channelMembers"));
        Assert.Equal(3, _bot.Slack.CallsTo("conversations.members").Count);
        Assert.Equal(["U0BEA", "U0CARL", "U0GUEST", "U0ZED"], _bot.Slack.CallsTo("users.info").Select(c => c.Str("user")!).Order(StringComparer.Ordinal));
        Assert.Equal("U0BEA", (await PersonAsync("bea")).SlackUserId);

        _bot.Slack.ChannelMembers[SlackChannel] = ["U0BEA", "U0ZED"];
        var second = await SyncAsync();

        Assert.Empty(Strings(second, "added"));
        Assert.Equal(["carl"], Strings(second, "removed"));
        Assert.Equal(["bea"], Strings(second, "channelMembers"));
        Assert.Contains("alice", Strings(await TeamAsync(), "members"));
        // Bea is linked now: the second sync asked users.info only about Zed, who is still nobody.
        Assert.Equal(5, _bot.Slack.CallsTo("users.info").Count);
        var audit = (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "team.members.sync").Select(e => e.GetProperty("summary").GetString()).ToList();
        Assert.Equal(2, audit.Count);
        // The audit speaks of the channel's part: Alice left the channel, and stays a member by name.
        Assert.Contains("admin synced marketing's channel members: nobody in, alice, carl out", audit);
    }

    [Fact]
    public async Task PlatformFailure_ChangesNothing_IsReported_AndTheNextSyncRetries()
    {
        await LinkAsync(teams: true, slack: true);
        _bot.Teams.AddMember("29:bea", "aad-bea", "bea.lin@contoso.com", ChatTestBot.Tenant);
        _bot.Slack.AddUser("U0CARL", "carl.ortiz@contoso.com");
        _bot.Slack.ChannelMembers[SlackChannel] = ["U0CARL"];
        Assert.Equal(["bea", "carl"], Strings(await SyncAsync(), "added"));

        // Bea leaves Teams, but Slack is down: the Teams roster alone must not decide anything.
        _bot.Teams.Members.TryRemove("29:bea", out _);
        _bot.Slack.EnqueueStatus("conversations.members", 503);
        var failed = await _admin.PostAsync("/api/v1/teams/marketing/members/sync", null);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Nothing was changed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["bea", "carl"], Strings(await TeamAsync(), "channelMembers"));

        // Teams throttles the scheduled run for longer than the bot waits inline: reported, nothing changed.
        _bot.Teams.FailNext(429, "{\"error\":{\"code\":\"Throttled\"}}", retryAfter: "60");
        var run = await RunJobAsync(force: true);
        Assert.True(run.GetProperty("ran").GetBoolean());
        var failure = Assert.Single(run.GetProperty("result").GetProperty("failed").EnumerateArray());
        Assert.Equal("marketing", failure.GetProperty("team").GetString());
        Assert.Contains("Teams", failure.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["bea", "carl"], Strings(await TeamAsync(), "channelMembers"));

        // The next time, both platforms answer and Bea goes.
        var retried = await SyncAsync();
        Assert.Equal(["bea"], Strings(retried, "removed"));
        Assert.Equal(["carl"], Strings(retried, "channelMembers"));
    }

    [Fact]
    public async Task ChannelOfAnotherTenant_IsNotRead_AndNobodyIsAdded()
    {
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing", new
        {
            name = "Marketing",
            owners = new[] { "dana" },
            members = new[] { "alice" },
            membersFrom = "channel",
            channels = new { teams = new { serviceUrl = _bot.Teams.ServiceUrl, conversationId = TeamsConversation, tenantId = "another-tenant" } },
        }));
        _bot.Teams.AddMember("29:bea", "aad-bea", "bea.lin@contoso.com", "another-tenant");

        var response = await _admin.PostAsync("/api/v1/teams/marketing/members/sync", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not the organization's", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_bot.Teams.CallsTo("GET"));
        Assert.Equal(["alice", "dana"], Strings(await TeamAsync(), "members").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TeamNotSetUpForChannelMembers_IsRefusedWithWhatToDo()
    {
        var explicitOnly = await _admin.PostAsync("/api/v1/teams/marketing/members/sync", null);
        Assert.Equal(HttpStatusCode.BadRequest, explicitOnly.StatusCode);
        Assert.Contains("membersFrom", (await explicitOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var badValue = await _admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, membersFrom = "roster" });
        Assert.Equal(HttpStatusCode.BadRequest, badValue.StatusCode);
        Assert.Contains("explicit, channel", (await badValue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice" }, membersFrom = "channel" }));
        var noChannel = await _admin.PostAsync("/api/v1/teams/marketing/members/sync", null);
        Assert.Equal(HttpStatusCode.BadRequest, noChannel.StatusCode);
        Assert.Contains("link marketing", (await noChannel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync("/api/v1/teams/nope/members/sync", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/teams/nope")).StatusCode);
    }

    [Fact]
    public async Task AdminPut_WithoutMembersFrom_KeepsTheChannelMembers_AndExplicitDropsThem()
    {
        await LinkAsync(teams: false, slack: true);
        _bot.Slack.AddUser("U0BEA", "bea.lin@contoso.com");
        _bot.Slack.ChannelMembers[SlackChannel] = ["U0BEA"];
        await SyncAsync();

        // A PUT that says nothing of membersFrom (an older script, a renamed team) keeps the setting and the channel's members.
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing team", owners = new[] { "dana" }, members = new[] { "alice" }, channels = new { slack = new { channelId = SlackChannel } } }));
        var kept = await TeamAsync();
        Assert.Equal("channel", kept.GetProperty("membersFrom").GetString());
        Assert.Contains("bea", Strings(kept, "members"));

        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice" }, membersFrom = "explicit", channels = new { slack = new { channelId = SlackChannel } } }));
        var named = await TeamAsync();
        Assert.Equal("explicit", named.GetProperty("membersFrom").GetString());
        Assert.Equal(["alice", "dana"], Strings(named, "members").Order(StringComparer.Ordinal));
        Assert.Empty(Strings(named, "channelMembers"));
    }

    [Fact]
    public async Task ScheduledJob_IsListed_RunsOncePerSlot_AndSyncsTheLinkedTeams()
    {
        await LinkAsync(teams: false, slack: true);
        _bot.Slack.AddUser("U0BEA", "bea.lin@contoso.com");
        _bot.Slack.ChannelMembers[SlackChannel] = ["U0BEA"];

        var jobs = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        var listing = jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetString() == RosterSyncJob.JobName);
        Assert.Equal("every 60 minutes", listing.GetProperty("schedule").GetString());

        var run = await RunJobAsync(force: false);
        var again = await RunJobAsync(force: false);

        Assert.True(run.GetProperty("ran").GetBoolean());
        Assert.Equal("2026-12-10T12:00", run.GetProperty("slot").GetString());
        var synced = Assert.Single(run.GetProperty("result").GetProperty("synced").EnumerateArray());
        Assert.Equal(["bea"], Strings(synced, "added"));
        Assert.False(again.GetProperty("ran").GetBoolean());
        Assert.Contains("bea", Strings(await TeamAsync(), "members"));
        Assert.Single(_bot.Slack.CallsTo("users.info"));
    }

    /// <summary>
    /// The "Done when": an admin loads people by email, links the team's channels and syncs;
    /// channel members nobody ever mapped ask in Slack and in Teams and get the team's numbers,
    /// with no platform lookup at message time (the sync learned their ids).
    /// </summary>
    [Fact]
    public async Task DoneWhen_PeopleByEmail_LinkedChannels_Sync_ThenChannelMembersGetTheBudgetInSlackAndTeams()
    {
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/people", new object[]
        {
            new { email = "erin.wu@contoso.com", roles = Array.Empty<string>() },
            new { email = "femi.ade@contoso.com", roles = Array.Empty<string>() },
        }));
        await LinkAsync(teams: true, slack: true);
        _bot.Slack.AddUser("U0ERIN", "Erin.Wu@contoso.com");
        _bot.Slack.AddUser("U0FEMI", "femi.ade@contoso.com");
        _bot.Slack.ChannelMembers[SlackChannel] = ["U0ERIN", "U0FEMI"];
        _bot.Teams.AddMember("29:erin", "aad-erin", "erin.wu@contoso.com", ChatTestBot.Tenant);
        _bot.Teams.AddMember("29:femi", "aad-femi", "FEMI.ADE@contoso.com", ChatTestBot.Tenant);

        // Before the sync they are known (by email) but in no team: no numbers.
        Assert.DoesNotContain("$", (await _bot.TeamsAsync("aad-erin", "budget", accountId: "29:erin")).Read());

        var sync = await SyncAsync();
        Assert.Equal(["erin.wu", "femi.ade"], Strings(sync, "added"));
        var lookupsAfterSync = _bot.Slack.CallsTo("users.info").Count + _bot.Teams.CallsTo("GET").Length;

        var erinSlack = ChatTestBot.Read((await _bot.SlackDmAsync("U0ERIN", "D0ERIN", "budget")).Body["blocks"]);
        var femiSlack = ChatTestBot.Read((await _bot.SlackDmAsync("U0FEMI", "D0FEMI", "budget")).Body["blocks"]);
        var erinTeams = (await _bot.TeamsAsync("aad-erin", "budget", accountId: "29:erin")).Read();
        var femiTeams = (await _bot.TeamsAsync("aad-femi", "budget", accountId: "29:femi")).Read();

        Assert.Contains("$1,000.00 left", erinSlack);
        Assert.Contains("$1,000.00 left", femiSlack);
        Assert.Contains("Marketing has $1,000.00 left", erinTeams);
        Assert.Contains("Marketing has $1,000.00 left", femiTeams);
        Assert.Equal(lookupsAfterSync, _bot.Slack.CallsTo("users.info").Count + _bot.Teams.CallsTo("GET").Length);
    }

    private async Task LinkAsync(bool teams, bool slack) =>
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing", new
        {
            name = "Marketing",
            owners = new[] { "dana" },
            members = new[] { "alice" },
            membersFrom = "channel",
            channels = new
            {
                teams = teams ? new { serviceUrl = _bot.Teams.ServiceUrl, conversationId = TeamsConversation, tenantId = ChatTestBot.Tenant } : null,
                slack = slack ? new { channelId = SlackChannel } : null,
            },
        }));

    private async Task<JsonElement> SyncAsync() =>
        await (await AdminCalls.Ok(_admin.PostAsync("/api/v1/teams/marketing/members/sync", null))).Content.ReadFromJsonAsync<JsonElement>();

    private async Task<JsonElement> RunJobAsync(bool force) =>
        await (await AdminCalls.Ok(_admin.PostAsync($"/api/v1/admin/jobs/{RosterSyncJob.JobName}/run?force={force.ToString().ToLowerInvariant()}", null))).Content.ReadFromJsonAsync<JsonElement>();

    private async Task<JsonElement> TeamAsync() => await _admin.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing");

    private async Task<Core.Budgets.Person> PersonAsync(string id)
    {
        var store = _bot.Bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        return (await store.CurrentAsync()).FindPerson(id)!;
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
