using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Chat;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Identity;

/// <summary>
/// First contact through the real host and the Teams and Slack stand-ins: a person the directory
/// knows only by email is found by the platform's lookup, linked once, and answered; anyone else
/// sees no number.
/// </summary>
public sealed class FirstContactTests : IAsyncLifetime
{
    private const string BeaEmail = "Bea.Lin@Contoso.com";
    private const string BeaAccount = "29:bea-account";
    private const string BeaAad = "aad-bea-0004";

    private ChatTestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await ChatTestBot.StartAsync();
        var admin = _bot.Bot.Admin();
        // Bea is known by email only: no Teams or Slack id anywhere.
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/bea", new { displayName = "Bea Lin", email = BeaEmail, roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice", "bea" } }));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Teams_UnmappedUserWithDirectoryEmail_GetsTheBudget_AndIsLinkedOnce()
    {
        _bot.Teams.AddMember(BeaAccount, BeaAad, "bea.lin@contoso.com", ChatTestBot.Tenant);

        var first = (await _bot.TeamsAsync(BeaAad, "budget", accountId: BeaAccount)).Read();
        var second = (await _bot.TeamsAsync(BeaAad, "how much is left?", accountId: BeaAccount)).Read();

        Assert.Contains("Marketing has $1,000.00 left", first);
        Assert.Contains("Marketing has $1,000.00 left", second);
        var lookups = _bot.Teams.CallsTo("GET");
        Assert.Single(lookups);
        Assert.Equal($"v3/conversations/{Uri.EscapeDataString(ConversationOfFixture())}/members/{Uri.EscapeDataString(BeaAccount)}", lookups[0].Path);
        Assert.Equal(BeaAad, (await PersonAsync("bea")).TeamsAadObjectId);
        Assert.Equal(1, await LinkAuditsAsync());
    }

    [Fact]
    public async Task Slack_UnmappedUserWithDirectoryEmail_GetsTheBudget_AndIsLinkedOnce()
    {
        _bot.Slack.AddUser("U0BEA", "BEA.LIN@contoso.com");

        var first = await _bot.SlackDmAsync("U0BEA", "D0BEA", "budget");
        _bot.Time.Advance(TimeSpan.FromSeconds(2)); // Slack's pace: one message a second per channel.
        var second = await _bot.SlackDmAsync("U0BEA", "D0BEA", "budget");

        Assert.Contains("$1,000.00 left", ChatTestBot.Read(first.Body["blocks"]));
        Assert.Contains("$1,000.00 left", ChatTestBot.Read(second.Body["blocks"]));
        Assert.Single(_bot.Slack.CallsTo("users.info"));
        Assert.Equal("U0BEA", _bot.Slack.CallsTo("users.info")[0].Str("user"));
        Assert.Equal("U0BEA", (await PersonAsync("bea")).SlackUserId);
        Assert.Equal(1, await LinkAuditsAsync());
    }

    [Fact]
    public async Task UnknownEmail_OnBothPlatforms_ShowsNoNumbers_AndLinksNobody()
    {
        _bot.Teams.AddMember("29:zed", "aad-zed", "zed@elsewhere.example", ChatTestBot.Tenant);
        _bot.Slack.AddUser("U0ZED", "zed@elsewhere.example");

        var teams = (await _bot.TeamsAsync("aad-zed", "budget", accountId: "29:zed")).Read();
        var slack = ChatTestBot.Read((await _bot.SlackDmAsync("U0ZED", "D0ZED", "budget")).Body["blocks"]);

        AssertNoNumbers(teams);
        AssertNoNumbers(slack);
        Assert.Contains("I don't know you yet", teams);
        Assert.Equal(0, await LinkAuditsAsync());
    }

    [Fact]
    public async Task Teams_OtherTenant_IsNotLookedUp_AndSeesNoNumbers()
    {
        // Bea's email, but the activity comes from another tenant: never looked up, never matched.
        _bot.Teams.AddMember(BeaAccount, BeaAad, BeaEmail, "another-tenant");

        var card = (await _bot.TeamsAsync(BeaAad, "budget", accountId: BeaAccount, tenant: "another-tenant")).Read();

        AssertNoNumbers(card);
        Assert.Empty(_bot.Teams.CallsTo("GET"));
        Assert.Null((await PersonAsync("bea")).TeamsAadObjectId);
    }

    [Fact]
    public async Task Teams_MemberOfAnotherTenantInOurConversation_IsNotMatched()
    {
        // A guest: the conversation is ours, the member record says another tenant.
        _bot.Teams.AddMember(BeaAccount, BeaAad, BeaEmail, "another-tenant");

        var card = (await _bot.TeamsAsync(BeaAad, "budget", accountId: BeaAccount)).Read();

        AssertNoNumbers(card);
        Assert.Null((await PersonAsync("bea")).TeamsAadObjectId);
    }

    [Fact]
    public async Task Slack_UserOfAnotherWorkspace_IsNotMatched()
    {
        // A Slack Connect guest: users.info answers, with someone else's workspace.
        _bot.Slack.AddUser("U0GUEST", BeaEmail, teamId: "T0OTHER");

        var post = await _bot.SlackDmAsync("U0GUEST", "D0GUEST", "budget");

        AssertNoNumbers(ChatTestBot.Read(post.Body["blocks"]));
        Assert.Null((await PersonAsync("bea")).SlackUserId);
    }

    [Fact]
    public async Task FailedLookup_SaysTryAgain_ShowsNoNumbers_AndTheNextMessageLinks()
    {
        _bot.Teams.AddMember(BeaAccount, BeaAad, BeaEmail, ChatTestBot.Tenant);
        _bot.Slack.AddUser("U0BEA", BeaEmail);
        // Throttled for longer than the bot waits inline: the lookup gives up for now.
        _bot.Teams.FailNext(429, "{\"error\":{\"code\":\"Throttled\"}}", retryAfter: "60");

        _bot.Slack.EnqueueStatus("users.info", 500);

        var teams = (await _bot.TeamsAsync(BeaAad, "budget", accountId: BeaAccount)).Read();
        var slack = ChatTestBot.Read((await _bot.SlackDmAsync("U0BEA", "D0BEA", "budget")).Body["blocks"]);

        AssertNoNumbers(teams);
        AssertNoNumbers(slack);
        Assert.Contains("try again", teams, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("try again", slack, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("I don't know you", teams);
        Assert.Equal(0, await LinkAuditsAsync());

        // Not a "no": asked again, the platform answers and Bea is in.
        _bot.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("$1,000.00 left", (await _bot.TeamsAsync(BeaAad, "budget", accountId: BeaAccount)).Read());
        Assert.Contains("$1,000.00 left", ChatTestBot.Read((await _bot.SlackDmAsync("U0BEA", "D0BEA", "budget")).Body["blocks"]));
    }

    private static void AssertNoNumbers(string text)
    {
        Assert.DoesNotContain("$", text);
        Assert.DoesNotContain("Marketing", text);
    }

    private static string ConversationOfFixture() =>
        Teams.TeamsTestHost.Fixture("message.personal.received.json")["conversation"]!["id"]!.GetValue<string>();

    private async Task<Core.Budgets.Person> PersonAsync(string id)
    {
        var store = _bot.Bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        return (await store.CurrentAsync()).FindPerson(id)!;
    }

    private async Task<int> LinkAuditsAsync()
    {
        var entries = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit");
        return entries.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "person.link" && e.GetProperty("actor").GetString() == PersonLinks.Actor);
    }
}
