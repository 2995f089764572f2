using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Requests;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Approvals;

/// <summary>Requests and decisions end to end: the real host, Azurite, the Teams and Slack stand-ins.</summary>
public sealed class ApprovalsTests : IAsyncLifetime
{
    private const string SamAad = "aad-sam-0004";
    private ChatTestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await ChatTestBot.StartAsync();
        var admin = _bot.Bot.Admin();
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/sam", new { displayName = "Sam Lee", teamsAadObjectId = SamAad, slackUserId = "U0SAM", roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana", "sam" }, members = new[] { "alice" }, channels = new { slack = new { channelId = "C0MKT" } } }));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Override_CardToOwners_NonOwnerRefused_OwnerApproves_AuthorizeHonoursIt_UntilTheExpiryJob()
    {
        await OnboardAsync();
        await SpendAsync(1090m);
        Assert.Equal("hard-limit-reached", (await AuthorizeAsync(20m)).GetProperty("reason").GetString());

        var answer = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "override $250 launch week")).Read();
        Assert.Contains("Request sent", answer);
        var card = await _bot.CardInSlackAsync("asks for a $250.00 override");
        Assert.Contains("Dana Reyes and Sam Lee", card);
        Assert.Contains("Spent", card);
        Assert.Contains("Top drivers", card);
        var id = (await RequestsAsync()).Single().Id;

        var refused = await _bot.ClickTeamsAsync(ChatTestBot.AdaAad, "approve", id);
        Assert.Contains("budget owners", refused["value"]!.ToString());
        var approved = await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);
        Assert.Contains("approved by Dana Reyes", approved["value"]!.ToJsonString());

        var decision = await AuthorizeAsync(20m);
        Assert.Equal(("allow", "override"), (decision.GetProperty("decision").GetString(), decision.GetProperty("reason").GetString()));
        Assert.Equal(id, decision.GetProperty("overrideId").GetString());
        await _bot.CardInSlackAsync("Your request for a $250.00 override");

        _bot.Time.Advance(TimeSpan.FromHours(73));
        var run = await (await AdminCalls.Ok(_bot.Bot.Admin().PostAsync("/api/v1/admin/jobs/override-expiry/run", null))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, run.GetProperty("result").GetProperty("revokedOverrides").GetInt32());
        Assert.Equal("hard-limit-reached", (await AuthorizeAsync(20m)).GetProperty("reason").GetString());
        Assert.Equal(RequestState.Expired, (await RequestsAsync()).Single().State);
        var again = await (await AdminCalls.Ok(_bot.Bot.Admin().PostAsync("/api/v1/admin/jobs/override-expiry/run", null))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(again.GetProperty("ran").GetBoolean());
        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("request.create", actions);
        Assert.Contains("request.approve", actions);
        Assert.Contains("request.expire", actions);
    }

    [Fact]
    public async Task TwoOwnersApproveAtOnce_ExactlyOneDecision_TheLoserIsToldWhoDecided()
    {
        await OnboardAsync();
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override 100 48h launch");
        var id = (await RequestsAsync()).Single().Id;

        var clicks = await Task.WhenAll(_bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id), _bot.ClickTeamsAsync(SamAad, "approve", id));

        var request = (await RequestsAsync()).Single();
        Assert.Equal(RequestState.Approved, request.State);
        var winner = RequestCardsName(request.FinalDecision!.PersonId);
        Assert.Single(request.Decisions);
        Assert.Contains(clicks, c => c.ToJsonString().Contains($"Already approved by {winner}", StringComparison.Ordinal));
        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        Assert.Single(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "request.approve");
    }

    [Fact]
    public async Task Audit_SaysInWordsWhatHappened_InTheApisJsonConventions()
    {
        await OnboardAsync();
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override $50 24h launch");
        var id = (await RequestsAsync()).Single().Id;
        await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);

        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        var approve = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "request.approve");
        Assert.Equal("dana approved an override of $50.00 for 24 h on marketing/baseline", approve.GetProperty("summary").GetString());
        var after = approve.GetProperty("after");
        Assert.Equal("override", after.GetProperty("kind").GetString());
        Assert.Equal("approved", after.GetProperty("state").GetString());
        Assert.Equal("pending", approve.GetProperty("before").GetProperty("state").GetString());
        Assert.False(after.TryGetProperty("Kind", out _));
        var create = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "request.create");
        Assert.Equal("alice asked for an override of $50.00 for 24 h on marketing/baseline", create.GetProperty("summary").GetString());
        var team = audit.EnumerateArray().First(e => e.GetProperty("action").GetString() == "team.update");
        Assert.Equal("admin updated team marketing (\"Marketing\")", team.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Override_ApprovedNearMonthEnd_CarriesIntoTheNextPeriodUntilItExpires()
    {
        await OnboardAsync();
        _bot.Time.Advance(new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero) - _bot.Time.GetUtcNow());
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override $250 48h launch");
        var id = (await RequestsAsync()).Single().Id;
        await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);

        // January 1st: a new period whose spend is already past the hard limit; the override still holds.
        _bot.Time.Advance(TimeSpan.FromHours(14));
        await AdminCalls.Ok(_bot.Bot.Ingest().PostAsJsonAsync("/api/v1/usage", new { id = "january-big", timestamp = _bot.Time.GetUtcNow().AddHours(-1), team = "marketing", user = "alice", workflow = "campaign", model = "gpt-4o-mini", cost = 1090m }));
        var decision = await AuthorizeAsync(20m);
        Assert.Equal(("allow", "override"), (decision.GetProperty("decision").GetString(), decision.GetProperty("reason").GetString()));

        // Past its 48 hours it no longer does.
        _bot.Time.Advance(TimeSpan.FromHours(35));
        Assert.Equal("hard-limit-reached", (await AuthorizeAsync(20m)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Increase_OwnerThenFinance_ChangesThePoolAmount()
    {
        await OnboardAsync();
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "increase 500 support volume doubled");
        var id = (await RequestsAsync()).Single().Id;

        var first = await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);
        Assert.Contains("waits for finance (Ada Admin)", first.ToJsonString());
        Assert.Equal(1000m, await PoolAmountAsync());
        await _bot.CardInSlackAsync("step 2 of 2");
        await _bot.ClickTeamsAsync(ChatTestBot.AdaAad, "approve", id);

        Assert.Equal(1500m, await PoolAmountAsync());
        Assert.Equal(RequestState.Approved, (await RequestsAsync()).Single().State);
    }

    [Fact]
    public async Task Graduation_RoutesTheSandboxWorkflowToTheProductionPool()
    {
        await OnboardAsync();
        var admin = _bot.Bot.Admin();
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/lab", new { kind = "sandbox", stage = "pilot", amount = 200m, period = "monthly", start = "2026-01-01", workflows = new[] { "agent-x" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/production", new { kind = "project", stage = "steady", amount = 800m, period = "monthly", start = "2026-01-01", workflows = new[] { "video-render" } }));
        Assert.Contains("no override path", (await _bot.TeamsAsync(ChatTestBot.AliceAad, "override 50 more agent-x runs")).Read());

        await _bot.TeamsAsync(ChatTestBot.AliceAad, "graduate agent-x halved first response time");
        var id = (await RequestsAsync()).Single().Id;
        await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);

        await AdminCalls.Ok(_bot.Bot.Ingest().PostAsJsonAsync("/api/v1/usage", new { id = "agent-1", timestamp = ChatTestBot.Now, team = "marketing", workflow = "agent-x", model = "gpt-4o-mini", cost = 3m }));
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");
        var pools = status.GetProperty("pools").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("spent").GetDecimal());
        Assert.Equal(3m, pools["production"]);
        Assert.Equal(0m, pools["lab"]);
    }

    [Fact]
    public async Task Onboarding_AcceptByTheOwner_UnblocksAuthorize()
    {
        Assert.Equal("not-onboarded", (await AuthorizeAsync(1m)).GetProperty("reason").GetString());
        await AdminCalls.Ok(_bot.Bot.Admin().PostAsync("/api/v1/teams/marketing/onboarding/invite", null));
        var card = await _bot.CardInSlackAsync("accept the AI budget framework");
        Assert.Contains("How to ask for more", card);
        Assert.Contains("hard limit", card);

        var refused = await _bot.ClickTeamsAsync(ChatTestBot.AliceAad, "accept-framework", "marketing");
        Assert.Contains("Only Marketing's budget owners", refused["value"]!.ToString());
        var accepted = await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "accept-framework", "marketing");
        Assert.Contains("accepted the AI budget framework", accepted["value"]!.ToJsonString());

        Assert.Equal("allow", (await AuthorizeAsync(1m)).GetProperty("decision").GetString());
        Assert.Equal("dana", (await _bot.TeamAsync()).Onboarding!.AcceptedBy);
        Assert.Equal(RequestState.Approved, (await RequestsAsync()).Single().State);
    }

    [Fact]
    public async Task Accept_InChat_ByTheOwner_OverSlack()
    {
        var answer = (await _bot.SlashAsync("U0DANA", "D0DANA", "accept")).Read();

        Assert.Contains("accepted the AI budget framework", answer);
        Assert.Equal("allow", (await AuthorizeAsync(1m)).GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Requester_CannotApproveTheirOwnRequest()
    {
        await OnboardAsync();
        await _bot.SlashAsync("U0DANA", "D0DANA", "override 100 launch");
        var id = (await RequestsAsync()).Single().Id;

        var click = await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);

        Assert.Contains("You made this request", click.ToJsonString());
        Assert.Equal(RequestState.Pending, (await RequestsAsync()).Single().State);
    }

    [Fact]
    public async Task PilotPoolOverride_NeedsFinance()
    {
        await OnboardAsync();
        await AdminCalls.Ok(_bot.Bot.Admin().PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "pilot", amount = 1000m, period = "monthly", start = "2026-01-01" }));
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override 100 launch");
        var id = (await RequestsAsync()).Single().Id;

        var owner = await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", id);
        Assert.Contains("Only finance", owner.ToJsonString());
        await _bot.ClickTeamsAsync(ChatTestBot.AdaAad, "approve", id);

        var request = (await RequestsAsync()).Single();
        Assert.Equal((RequestState.Approved, "ada"), (request.State, request.FinalDecision!.PersonId));
    }

    private static string RequestCardsName(string personId) => personId == "dana" ? "Dana Reyes" : "Sam Lee";

    private Task<HttpResponseMessage> OnboardAsync() =>
        AdminCalls.Ok(_bot.Bot.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));

    private Task<HttpResponseMessage> SpendAsync(decimal cost) =>
        AdminCalls.Ok(_bot.Bot.Ingest().PostAsJsonAsync("/api/v1/usage", new { id = "big-" + cost, timestamp = ChatTestBot.Now.AddHours(-1), team = "marketing", user = "alice", workflow = "campaign", model = "gpt-4o-mini", cost }));

    private async Task<JsonElement> AuthorizeAsync(decimal cost)
    {
        var response = await AdminCalls.Ok(_bot.Bot.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", user = "alice", workflow = "campaign", estimatedCost = cost, requestId = Guid.NewGuid().ToString("N") }));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<decimal> PoolAmountAsync()
    {
        var status = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");
        return status.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "baseline").GetProperty("limit").GetDecimal();
    }

    private async Task<List<BudgetRequest>> RequestsAsync() =>
        (await _bot.Bot.Services.GetRequiredService<RequestStore>().OfTeamAsync("marketing", CancellationToken.None))
            .Select(s => s.Request).ToList();
}
