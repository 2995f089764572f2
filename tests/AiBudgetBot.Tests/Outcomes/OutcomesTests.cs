using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Requests;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Outcomes;

/// <summary>
/// Outcomes, ROI and the expedited path end to end: the real host over Azurite, Teams and Slack
/// stand-ins on loopback. Today is 2026-12-10 (ChatTestBot.Now); the last full month is November.
/// Marketing: owner Dana, member Alice, Slack channel C0MKT; Bob is in no team. Hourly rate $75.
/// </summary>
public sealed class OutcomesTests : IAsyncLifetime
{
    private ChatTestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await ChatTestBot.StartAsync();
        var admin = _bot.Bot.Admin();
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/bob", new { displayName = "Bob Stone", teamsAadObjectId = "aad-bob-0005", slackUserId = "U0BOB", roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice" }, channels = new { slack = new { channelId = "C0MKT" } } }));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task OutcomesRecordedInTeamsAndSlack_ShowInTheRoiAnswer()
    {
        await _bot.IngestDecemberAsync(); // campaign-copy $300.00, video-render $12.10

        // Alice (a member) records in Teams: it waits for an owner.
        var sent = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "outcome value 1500 campaign-copy")).Read();
        Assert.Contains("for Dana Reyes to confirm", sent);
        var card = await _bot.CardInSlackAsync("Alice Ng recorded an outcome for Marketing");
        Assert.Contains("value = $1,500.00", card);
        var before = await RoiAsync("2026-12");
        Assert.Equal(0m, before.GetProperty("value").GetDecimal());
        Assert.Equal("unproven", before.GetProperty("classification").GetString());

        // Alice cannot confirm her own; Dana confirms from the card.
        var pending = PendingSubject(card);
        Assert.Contains("Only Marketing's budget owners", ChatTestBot.Read(await _bot.ClickTeamsAsync(ChatTestBot.AliceAad, "confirm-outcome", pending)));
        var confirmed = await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "confirm-outcome", pending);
        Assert.Contains("confirmed by Dana Reyes", ChatTestBot.Read(confirmed));
        Assert.Contains("Already confirmed by Dana Reyes", ChatTestBot.Read(await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "confirm-outcome", pending)));

        // Dana (an owner) records in Slack: it counts at once.
        var slack = (await _bot.SlashAsync("U0DANA", "D0DANA", "outcome hours-saved 10 campaign-copy")).Read();
        Assert.Contains("counts towards Marketing's ROI now", slack);

        var roi = await RoiAsync("2026-12");
        Assert.Equal("marketing", roi.GetProperty("team").GetString());
        Assert.Equal(312.10m, roi.GetProperty("spend").GetDecimal());
        Assert.Equal(2250m, roi.GetProperty("value").GetDecimal()); // $1,500 + 10 h × $75
        Assert.Equal(7.2m, roi.GetProperty("roi").GetDecimal());
        Assert.Equal("healthy", roi.GetProperty("classification").GetString());
        Assert.Equal("$312.10 spend produced $2,250 of recorded value: 7.2×, target 3×.", roi.GetProperty("reason").GetString());
        var copy = roi.GetProperty("workflows").EnumerateArray().Single(w => w.GetProperty("workflow").GetString() == "campaign-copy");
        Assert.Equal((300m, 2250m, 7.5m), (copy.GetProperty("spend").GetDecimal(), copy.GetProperty("value").GetDecimal(), copy.GetProperty("roi").GetDecimal()));
        var video = roi.GetProperty("workflows").EnumerateArray().Single(w => w.GetProperty("workflow").GetString() == "video-render");
        Assert.Equal(0m, video.GetProperty("roi").GetDecimal());
        Assert.Equal("2026-10", roi.GetProperty("quarter").GetProperty("from").GetString());
        Assert.Equal(2250m, roi.GetProperty("quarter").GetProperty("value").GetDecimal());

        var actions = await AuditActionsAsync();
        Assert.Contains("outcome.propose", actions);
        Assert.Equal(2, actions.Count(a => a == "outcome.record"));
    }

    [Fact]
    public async Task Outcome_FromANonMember_IsRefused_AndNothingIsStored()
    {
        var answer = (await _bot.SlashAsync("U0BOB", "C0MKT", "outcome value 99999")).Read();

        Assert.Contains("Only Marketing's people record its outcomes", answer);
        Assert.DoesNotContain(await AuditActionsAsync(), a => a.StartsWith("outcome.", StringComparison.Ordinal));
        Assert.Equal(0m, (await RoiAsync("2026-12")).GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Correction_SupersedesTheRecord_AndTheAuditKeepsTheHistory()
    {
        await SpendAsync("nov-1", new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), 1000m);
        var first = await PostOutcomeAsync(new { team = "marketing", workflow = "campaign", month = "2026-11", metric = "value", value = 9000m, note = "CRM export" });
        Assert.Equal(1, first.GetProperty("revision").GetInt32());

        var second = await PostOutcomeAsync(new { team = "marketing", workflow = "campaign", month = "2026-11", metric = "value", value = 900m, note = "typo: one zero too many" });

        Assert.Equal(2, second.GetProperty("revision").GetInt32());
        Assert.Equal(9000m, second.GetProperty("supersedes").GetProperty("value").GetDecimal());
        var roi = await RoiAsync("2026-11");
        Assert.Equal(900m, roi.GetProperty("value").GetDecimal());
        Assert.Equal(0.9m, roi.GetProperty("roi").GetDecimal());
        Assert.Equal("wasteful", roi.GetProperty("classification").GetString());
        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        var correction = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "outcome.correct");
        Assert.Contains("9000", correction.GetProperty("before").GetRawText());
        Assert.Contains("900", correction.GetProperty("after").GetRawText());
        Assert.Single(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "outcome.record");
    }

    [Theory]
    [InlineData("""{"team":"marketing","month":"2027-01","metric":"value","value":10}""", "month 2027-01 is in the future; record outcomes for 2026-12 or an earlier month.")]
    [InlineData("""{"team":"marketing","month":"2026-12","metric":"hours-saved","value":-4}""", "hours-saved cannot be negative")]
    [InlineData("""{"team":"marketing","month":"2026-11","metric":"hours-saved","value":1441}""", "more than the 720 hours in 2026-11 for each of the team's 2 people (1,440)")]
    [InlineData("""{"team":"marketing","month":"2026-12","metric":"joy","value":1}""", "metric 'joy' must be one of")]
    [InlineData("""{"team":"marketing","month":"2026-12","metric":"value"}""", "value is required")]
    public async Task Post_BadOutcome_IsRefusedWithWhatToFix_AndNothingChanges(string body, string detail)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _bot.Bot.Ingest().PostAsync("/api/v1/outcomes", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.DoesNotContain(await AuditActionsAsync(), a => a.StartsWith("outcome.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_UnknownTeam404_NoKey401()
    {
        var unknown = await _bot.Bot.Ingest().PostAsJsonAsync("/api/v1/outcomes", new { team = "nobody", month = "2026-12", metric = "value", value = 1m });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var anonymous = await _bot.Client.PostAsJsonAsync("/api/v1/outcomes", new { team = "marketing", month = "2026-12", metric = "value", value = 1m });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var roiWithIngestKey = await _bot.Bot.Ingest().GetAsync("/api/v1/teams/marketing/roi?month=2026-12");
        Assert.Equal(HttpStatusCode.Unauthorized, roiWithIngestKey.StatusCode);
    }

    [Fact]
    public async Task Roi_MonthWithoutSpend_IsUndefinedNotInfinite()
    {
        await PostOutcomeAsync(new { team = "marketing", month = "2026-10", metric = "value", value = 5000m });

        var roi = await RoiAsync("2026-10");

        Assert.Equal(JsonValueKind.Null, roi.GetProperty("roi").ValueKind);
        Assert.Equal(5000m, roi.GetProperty("value").GetDecimal());
        Assert.Equal("no-spend", roi.GetProperty("classification").GetString());
        var bad = await _bot.Bot.Admin().GetAsync("/api/v1/teams/marketing/roi?month=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Throughput_GivesUnitCost()
    {
        await SpendAsync("sup-1", ChatTestBot.Now.AddHours(-3), 360m, "support-replies");
        await PostOutcomeAsync(new { team = "marketing", workflow = "support-replies", month = "2026-12", metric = "throughput", value = 300m, unit = "tickets", baseline = 180m });

        var line = (await RoiAsync("2026-12")).GetProperty("workflows").EnumerateArray().Single(w => w.GetProperty("workflow").GetString() == "support-replies");

        Assert.Equal("tickets", line.GetProperty("unit").GetString());
        Assert.Equal(300m, line.GetProperty("units").GetDecimal());
        Assert.Equal(1.2m, line.GetProperty("costPerUnit").GetDecimal());
    }

    [Fact]
    public async Task Increase_AtFiveTimesLastMonth_IsOneOwnerStep_AndTheCardSaysWhy()
    {
        await OnboardAsync();
        await SpendAsync("nov-1", new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), 200m);
        await PostOutcomeAsync(new { team = "marketing", month = "2026-11", metric = "value", value = 1000m });
        var roi = await RoiAsync("2026-12");
        Assert.True(roi.GetProperty("expedited").GetBoolean());

        await _bot.TeamsAsync(ChatTestBot.AliceAad, "increase 500 campaign season");
        var request = (await RequestsAsync()).Single();
        Assert.Equal([Approver.Owner], request.Steps);
        var card = await _bot.CardInSlackAsync("asks for a $500.00 increase");
        Assert.Contains("Expedited: $200 spend in November 2026 produced $1,000 of recorded value: 5.0×, at least the 5× that earns one-step approval (owner only).", card);

        await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", request.Id);

        Assert.Equal(RequestState.Approved, (await RequestsAsync()).Single().State);
        Assert.Equal(1500m, await PoolAmountAsync());
    }

    [Fact]
    public async Task Increase_AtFourPointNineTimes_TakesOwnerThenFinance()
    {
        await OnboardAsync();
        await SpendAsync("nov-1", new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), 200m);
        await PostOutcomeAsync(new { team = "marketing", month = "2026-11", metric = "value", value = 980m });
        Assert.False((await RoiAsync("2026-12")).GetProperty("expedited").GetBoolean());

        await _bot.TeamsAsync(ChatTestBot.AliceAad, "increase 500 campaign season");
        var request = (await RequestsAsync()).Single();
        Assert.Equal([Approver.Owner, Approver.Finance], request.Steps);
        var card = await _bot.CardInSlackAsync("asks for a $500.00 increase");
        Assert.Contains("Not expedited: $200 spend in November 2026 produced $980 of recorded value: 4.9×", card);

        await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "approve", request.Id);

        Assert.Equal(RequestState.Pending, (await RequestsAsync()).Single().State);
        Assert.Equal(1000m, await PoolAmountAsync());
    }

    [Fact]
    public async Task BudgetCard_ShowsTheVerdict()
    {
        await SpendAsync("nov-1", new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), 1000m);
        await PostOutcomeAsync(new { team = "marketing", month = "2026-11", metric = "hours-saved", value = 100m });

        var card = (await _bot.TeamsAsync(ChatTestBot.DanaAad, "budget")).Read();

        Assert.Contains("ROI verdict, November 2026: healthy", card);
        Assert.Contains("$1,000 spend produced $7,500 of recorded value: 7.5×, target 3×.", card);
    }

    [Fact]
    public async Task MonthlyNudge_OncePerTeamWithSpendAndNoOutcomes_AndItsButtonSaysHowToRecord()
    {
        await SpendAsync("nov-1", new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), 200m);
        var nudges = _bot.Bot.Services.GetRequiredService<AiBudgetBot.Outcomes.OutcomeNudges>();

        // An operator sees the job with the others and runs it now: the month just ended.
        var jobs = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        Assert.Contains(jobs.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("job").GetString() == "outcome-nudge");
        var run = await (await AdminCalls.Ok(_bot.Bot.Admin().PostAsync("/api/v1/admin/jobs/outcome-nudge/run", null))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-11", run.GetProperty("slot").GetString());
        Assert.Equal(["marketing"], run.GetProperty("result").GetProperty("nudged").EnumerateArray().Select(t => t.GetString()));
        // However often it runs, a team is nudged once a month.
        Assert.Empty(await nudges.RunAsync(null, CancellationToken.None));
        var card = await _bot.CardInSlackAsync("what did November 2026's AI spend achieve?");
        Assert.Contains("spent $200 on AI in November 2026 and recorded no outcome", card);
        Assert.Contains("Record outcomes", card);
        var how = ChatTestBot.Read(await _bot.ClickTeamsAsync(ChatTestBot.DanaAad, "record-outcomes", "marketing:2026-11"));
        Assert.Contains("outcome hours-saved <hours> [workflow] 2026-11", how);

        // The owner records last month from chat; it counts for November.
        Assert.Contains("November 2026", (await _bot.SlashAsync("U0DANA", "D0DANA", "outcome value 1000 2026-11")).Read());
        Assert.Equal(5m, (await RoiAsync("2026-11")).GetProperty("roi").GetDecimal());
    }

    [Fact]
    public async Task Graduation_CardCarriesTheWorkflowsMeasuredRoi()
    {
        await OnboardAsync();
        var admin = _bot.Bot.Admin();
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/lab", new { kind = "sandbox", stage = "pilot", amount = 200m, period = "monthly", start = "2026-01-01", workflows = new[] { "agent-x" } }));
        await SpendAsync("lab-1", new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), 40m, "agent-x");
        await PostOutcomeAsync(new { team = "marketing", workflow = "agent-x", month = "2026-11", metric = "hours-saved", value = 16m });

        await _bot.TeamsAsync(ChatTestBot.AliceAad, "graduate agent-x halved first response time");

        var card = await _bot.CardInSlackAsync("graduating agent-x");
        Assert.Contains("agent-x in November 2026: $40 spend, $1,200 of recorded value: 30.0×.", card);
    }

    private async Task<JsonElement> RoiAsync(string month) =>
        await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/teams/marketing/roi?month={month}");

    private async Task<JsonElement> PostOutcomeAsync(object body) =>
        await (await AdminCalls.Ok(_bot.Bot.Ingest().PostAsJsonAsync("/api/v1/outcomes", body))).Content.ReadFromJsonAsync<JsonElement>();

    private Task<HttpResponseMessage> SpendAsync(string id, DateTimeOffset at, decimal cost, string workflow = "campaign") =>
        AdminCalls.Ok(_bot.Bot.Ingest().PostAsJsonAsync("/api/v1/usage", new { id, timestamp = at, team = "marketing", user = "alice", workflow, model = "gpt-4o-mini", cost }));

    private Task<HttpResponseMessage> OnboardAsync() =>
        AdminCalls.Ok(_bot.Bot.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));

    private async Task<List<string>> AuditActionsAsync()
    {
        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        return audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
    }

    private async Task<decimal> PoolAmountAsync()
    {
        var status = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");
        return status.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "baseline").GetProperty("limit").GetDecimal();
    }

    private async Task<List<BudgetRequest>> RequestsAsync() =>
        (await _bot.Bot.Services.GetRequiredService<RequestStore>().OfTeamAsync("marketing", CancellationToken.None))
            .Select(s => s.Request).ToList();

    /// <summary>The pending outcome's subject id, as the card's Confirm button carries it in Slack.</summary>
    private string PendingSubject(string cardText)
    {
        var post = _bot.Slack.CallsTo("chat.postMessage").Last(c => ChatTestBot.Read(c.Body).Contains("recorded an outcome", StringComparison.Ordinal));
        var button = post.Body!["blocks"]!.AsArray().SelectMany(b => b?["elements"]?.AsArray() ?? []).First(e => e?["action_id"]?.ToString() == "confirm-outcome");
        Assert.Contains("Confirm", cardText);
        return button!["value"]!.ToString();
    }
}
