using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Notifications;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Limits;

/// <summary>Authorize, thresholds, reviews and the outbox end to end: real host(s), real Azurite, a webhook receiver on loopback.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-0123456789";

    private FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _hook = null!;
    private string _connection = null!;
    private BotFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _connection = (await Azurite.SharedAsync()).ConnectionString;
        _hook = await WebhookReceiver.StartAsync();
        _bot = Bot(BotFactory.NewPrefix());
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _hook.DisposeAsync();
    }

    [Fact]
    public async Task Authorize_WithinBudget_AllowsAndHoldsUntilItsUsageSettles()
    {
        await SeedAsync(amount: 100m);

        var decision = await AuthorizeAsync(new { team = "marketing", user = "alice", workflow = "copy", estimatedCost = 2.5m, requestId = "req-1" });
        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Equal("within-budget", decision.GetProperty("reason").GetString());
        Assert.Equal("req-1", decision.GetProperty("reservationId").GetString());
        Assert.Equal(97.5m, decision.GetProperty("remaining").GetDecimal());
        Assert.Equal(2.5m, (await BaselineAsync()).GetProperty("reserved").GetDecimal());

        await UsageAsync(Event("req-1", 1.75m));

        var pool = await BaselineAsync();
        Assert.Equal(0m, pool.GetProperty("reserved").GetDecimal());
        Assert.Equal(1.75m, pool.GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Authorize_EstimateFromTokens_IsPricedFromTheCatalog()
    {
        await SeedAsync(amount: 100m);

        var decision = await AuthorizeAsync(new { team = "marketing", model = "gpt-4o", estimatedInputTokens = 1_000_000, estimatedOutputTokens = 100_000 });

        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Equal(3.5m, (await BaselineAsync()).GetProperty("reserved").GetDecimal());
    }

    [Fact]
    public async Task Authorize_TeamNotOnboarded_DeniesButUsageIsStillTracked()
    {
        await SeedAsync(amount: 100m, onboard: false);

        var decision = await AuthorizeAsync(new { team = "marketing", estimatedCost = 1m });
        await UsageAsync(Event("tracked", 1m));

        Assert.Equal(("deny", "not-onboarded"), (decision.GetProperty("decision").GetString(), decision.GetProperty("reason").GetString()));
        Assert.Equal(1m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Authorize_PausedWorkflow_DeniesItAndOnlyIt_UntilResumed()
    {
        await SeedAsync(amount: 100m);
        await AdminCalls.Ok(_bot.Admin().PostAsync("/api/v1/teams/marketing/workflows/video-render/pause", null));

        var paused = await AuthorizeAsync(new { team = "marketing", workflow = "video-render", estimatedCost = 1m });
        var other = await AuthorizeAsync(new { team = "marketing", workflow = "copy", estimatedCost = 1m });
        await AdminCalls.Ok(_bot.Admin().PostAsync("/api/v1/teams/marketing/workflows/video-render/resume", null));
        var resumed = await AuthorizeAsync(new { team = "marketing", workflow = "video-render", estimatedCost = 1m });

        Assert.Equal(("deny", "workflow-paused"), (paused.GetProperty("decision").GetString(), paused.GetProperty("reason").GetString()));
        Assert.Equal("allow", other.GetProperty("decision").GetString());
        Assert.Equal("allow", resumed.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Authorize_UnknownTeam_Denies()
    {
        await SeedAsync(amount: 100m);

        var decision = await AuthorizeAsync(new { team = "nobody", estimatedCost = 1m });

        Assert.Equal(("deny", "unknown-team"), (decision.GetProperty("decision").GetString(), decision.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Authorize_UnknownModelWithoutCost_Returns400()
    {
        await SeedAsync(amount: 100m);

        var response = await _bot.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", model = "mystery", estimatedInputTokens = 10 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cost unknown", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authorize_SteadyPoolBetweenSoftAndHardLimit_AllowsFlaggedThenDeniesAtTheHardLimit()
    {
        await SeedAsync(amount: 100m, soft: 100m, hard: 110m);
        await UsageAsync(Event("spend", 99m));

        var flagged = await AuthorizeAsync(new { team = "marketing", estimatedCost = 5m });
        var denied = await AuthorizeAsync(new { team = "marketing", estimatedCost = 6.01m });

        Assert.Equal(("allow", "soft-limit-exceeded"), (flagged.GetProperty("decision").GetString(), flagged.GetProperty("reason").GetString()));
        Assert.Equal(("deny", "hard-limit-reached"), (denied.GetProperty("decision").GetString(), denied.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Authorize_PilotPool_StopsHardAt100PercentWhateverItsHardLimit()
    {
        await SeedAsync(amount: 100m, soft: 100m, hard: 120m, stage: "pilot");
        await UsageAsync(Event("spend", 99.5m));

        var denied = await AuthorizeAsync(new { team = "marketing", estimatedCost = 1m });

        Assert.Equal(("deny", "hard-limit-reached"), (denied.GetProperty("decision").GetString(), denied.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Authorize_200ConcurrentCallsOnTwoInstances_NeverOverspendTheHardLimit()
    {
        await SeedAsync(amount: 100m, soft: 100m, hard: 100m);
        await using var second = Bot(_bot.Prefix);
        var clients = new[] { _bot.Ingest(), second.Ingest() };

        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            var response = await clients[i % 2].PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId = $"c{i}" });
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString();
        });
        var decisions = await Task.WhenAll(calls);

        var allowed = decisions.Count(d => d == "allow");
        Assert.InRange(allowed, 90, 100);
        Assert.Equal(200 - allowed, decisions.Count(d => d == "deny"));
        // Each allow is a $1 hold, or (decided from an instance's budget lease, this test's clock
        // standing still) inside the lease until its next flush.
        var pool = await BaselineAsync();
        Assert.InRange(allowed, pool.GetProperty("reserved").GetDecimal(), pool.GetProperty("reserved").GetDecimal() + pool.GetProperty("leased").GetDecimal());
    }

    [Fact]
    public async Task Authorize_RetriedWithTheSameRequestId_HoldsOnce()
    {
        await SeedAsync(amount: 100m);

        await AuthorizeAsync(new { team = "marketing", estimatedCost = 10m, requestId = "same" });
        var retry = await AuthorizeAsync(new { team = "marketing", estimatedCost = 10m, requestId = "same" });

        Assert.Equal("allow", retry.GetProperty("decision").GetString());
        Assert.Equal(10m, (await BaselineAsync()).GetProperty("reserved").GetDecimal());
    }

    [Fact]
    public async Task Thresholds_EachCrossingAlertsOnceThroughTheSignedWebhook()
    {
        await SeedAsync(amount: 100m);

        await UsageAsync(Event("a", 55m));
        var first = await _hook.WaitForAsync(calls => calls.Any(c => c.Kind == "threshold"));
        await UsageAsync(Array(Event("a", 55m), Event("b", 25m)));
        await _hook.WaitForAsync(calls => calls.Count(c => c.Kind == "threshold") == 2);
        await UsageAsync(Array(Event("a", 55m), Event("b", 25m)));
        await Task.Delay(500);

        var thresholds = _hook.Accepted.Where(j => j.GetProperty("kind").GetString() == "threshold").ToList();
        Assert.Equal([50m, 75m], thresholds.Select(t => t.GetProperty("threshold").GetDecimal()));
        var call = first.First(c => c.Kind == "threshold");
        Assert.Equal(WebhookChannel.Sign(Secret, Encoding.UTF8.GetBytes(call.Body)), call.Signature);
        var alert = call.Json;
        Assert.Equal(("marketing", "baseline", "2026-12"), (alert.GetProperty("team").GetString(), alert.GetProperty("pool").GetString(), alert.GetProperty("period").GetString()));
        Assert.Contains("50 %", alert.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Thresholds_TwoInstancesRacingAcrossEveryThreshold_AlertEachAtMostOnce()
    {
        await SeedAsync(amount: 100m, hard: 200m);
        await using var second = Bot(_bot.Prefix);
        var clients = new[] { _bot.Ingest(), second.Ingest() };

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            AdminCalls.Ok(clients[i % 2].PostAsync("/api/v1/usage", Json(Event($"race{i}", 2.75m))))));
        var calls = await _hook.WaitForAsync(c => c.Any(x => x.Kind == "threshold" && x.Json.GetProperty("threshold").GetDecimal() == 100m));
        await Task.Delay(1000);

        var thresholds = _hook.Accepted.Where(j => j.GetProperty("kind").GetString() == "threshold").Select(j => j.GetProperty("threshold").GetDecimal()).ToList();
        Assert.Equal(thresholds.Distinct().Count(), thresholds.Count);
        Assert.Contains(100m, thresholds);
    }

    [Fact]
    public async Task Forecast_PaceThatRunsOutBeforeMonthEnd_AlertsOnceWithTheDate()
    {
        await RestartAtAsync(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero));
        await SeedAsync(amount: 100m, soft: 100m, hard: 100m);

        await UsageAsync(Event("pace", 45m, "2026-12-10T11:00:00Z"));
        await _hook.WaitForAsync(c => c.Any(x => x.Kind == "forecast"));
        await UsageAsync(Event("pace2", 1m, "2026-12-10T11:30:00Z"));
        await Task.Delay(500);

        var forecast = Assert.Single(_hook.Accepted, j => j.GetProperty("kind").GetString() == "forecast");
        // $45 in 9.5 days: $100 is reached 11.6 days later, on Dec 22 (and said once, not again at $46).
        Assert.Contains("projected to run out on Dec 22", forecast.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Review_SingleCallAboveTheReviewAmount_RaisesAReview()
    {
        await SeedAsync(amount: 1000m);

        await UsageAsync(Event("big-call", 6m));

        var calls = await _hook.WaitForAsync(c => c.Any(x => x.Kind == "review"));
        var review = calls.First(c => c.Kind == "review").Json;
        Assert.Equal("single-call", review.GetProperty("trigger").GetString());
        Assert.Equal("big-call", review.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task Review_UsersDayAboveTheReviewAmount_RaisesOneReviewPerUserPerDay()
    {
        await SeedAsync(amount: 1000m);

        await UsageAsync(Array(Event("d1", 4m), Event("d2", 4m)));
        await UsageAsync(Array(Enumerable.Range(3, 12).Select(i => Event($"d{i}", 4m)).ToArray()));
        await _hook.WaitForAsync(c => c.Any(x => x.Kind == "review"));
        await UsageAsync(Array(Enumerable.Range(20, 5).Select(i => Event($"d{i}", 4m)).ToArray()));
        await Task.Delay(500);

        var review = Assert.Single(_hook.Accepted, j => j.GetProperty("kind").GetString() == "review");
        Assert.Equal(("user-day", "alice@contoso.com"), (review.GetProperty("trigger").GetString(), review.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task Webhook_429WithRetryAfter_IsRetriedAndDeliveredOnce()
    {
        // $5 of $10 on Dec 15: the 50 % threshold, and nothing else (no review, no run-out).
        await SeedAsync(amount: 10m);
        _hook.AnswerNext(HttpStatusCode.TooManyRequests, "1");

        await UsageAsync(Event("a", 5m));
        await _hook.WaitForAsync(c => c.Count == 1);
        // Move the clock on in steps until the retry is due: the dispatcher schedules it only
        // after it has recorded the 429, which may be a moment after the receiver saw the call.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!_hook.Calls.Any(c => c.Status == 200) && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }

        var calls = await _hook.WaitForAsync(c => c.Any(x => x.Status == 200));
        await Task.Delay(300);

        Assert.Equal([429, 200], _hook.Calls.Select(c => c.Status));
        Assert.All(_hook.Calls, c => Assert.Equal("threshold", c.Kind));
        Assert.Equal(calls[0].Body, calls[1].Body);
    }

    [Fact]
    public async Task Periods_InNewYork_ReservationsAndEventsBelongToTheLocalMonth()
    {
        await RestartAtAsync(new DateTimeOffset(2026, 12, 1, 4, 30, 0, TimeSpan.Zero), "America/New_York"); // Nov 30, 23:30 there
        await SeedAsync(amount: 100m);

        await AuthorizeAsync(new { team = "marketing", estimatedCost = 3m, requestId = "late-night" });
        await UsageAsync(Array(Event("nov", 1m, "2026-12-01T04:59:00Z"), Event("dec", 2m, "2026-12-01T05:00:00Z")));

        var ledgers = _bot.Services.GetRequiredService<LedgerReader>();
        var november = await ledgers.ReadAsync("marketing", "baseline", "2026-11", default);
        var december = await ledgers.ReadAsync("marketing", "baseline", "2026-12", default);
        Assert.Equal((1m, 3m), (november.Spent, november.Reserved));
        Assert.Equal((2m, 0m), (december.Spent, december.Reserved));
    }

    [Fact]
    public async Task Pools_CreatedMidMonth_CountFromTheirStartOnly()
    {
        await SeedAsync(amount: 100m, start: "2026-12-10");

        var result = await UsageAsync(Array(Event("before", 1m, "2026-12-05T10:00:00Z"), Event("after", 2m, "2026-12-12T10:00:00Z")));

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Contains("no baseline pool active on 2026-12-05", result.GetProperty("rejected")[0].GetProperty("errors")[0].GetString());
        Assert.Equal(2m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Authorize_DuringABurstOfUsage_JoinsTheNextTransactionRatherThanQueueingBehindIt()
    {
        await SeedAsync(amount: 1_000_000m);
        // 3,600 events of one pool: 40 transactions of 90 rows, one after another.
        var burst = UsageAsync(Array([.. Enumerable.Range(0, 3600).Select(i => Event($"burst-{i}", 0.01m))]));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await BaselineAsync()).GetProperty("spent").GetDecimal() == 0m)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the burst never started counting");
            Assert.False(burst.IsCompleted, "the burst finished before it was seen counting: make it larger");
            await Task.Delay(10);
        }

        var decision = await AuthorizeAsync(new { team = "marketing", workflow = "copy", estimatedCost = 1m, requestId = "mid-burst" });

        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.False(burst.IsCompleted, "authorize waited for the whole burst of usage");
        Assert.Equal(3600, (await burst).GetProperty("accepted").GetInt32());
        Assert.Equal(36m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    private async Task RestartAtAsync(DateTimeOffset now, string zone = "UTC")
    {
        await _bot.DisposeAsync();
        _time = new FakeTimeProvider(now);
        _bot = Bot(BotFactory.NewPrefix(), zone);
    }

    private BotFactory Bot(string prefix, string zone = "UTC") => new(_connection, prefix, new Dictionary<string, string?>
    {
        ["Webhooks:Url"] = _hook.Url,
        ["Webhooks:Secret"] = Secret,
        ["Organization:TimeZone"] = zone,
        ["Limits:ReviewSingleCallAbove"] = "5",
        ["Limits:ReviewUserDayAbove"] = "50",
    }, _time);

    private async Task SeedAsync(decimal amount, decimal soft = 100m, decimal hard = 110m, string stage = "steady", bool onboard = true, string start = "2026-01-01")
    {
        var admin = _bot.Admin();
        await AdminCalls.SeedAsync(admin, amount: amount);
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new
        {
            kind = "baseline", stage, amount, period = "monthly", start, softLimitPercent = soft, hardLimitPercent = hard,
        }));
        if (onboard)
        {
            await AdminCalls.Ok(admin.PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));
        }
    }

    private async Task<JsonElement> AuthorizeAsync(object request)
    {
        var response = await AdminCalls.Ok(_bot.Ingest().PostAsJsonAsync("/api/v1/authorize", request));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> UsageAsync(string body)
    {
        var response = await AdminCalls.Ok(_bot.Ingest().PostAsync("/api/v1/usage", Json(body)));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> BaselineAsync() =>
        (await _bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status")).GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "baseline");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Array(params string[] events) => "[" + string.Join(",", events) + "]";

    private static string Event(string id, decimal cost, string timestamp = "2026-12-14T10:00:00Z") => JsonSerializer.Serialize(new
    {
        id, timestamp, team = "marketing", user = "alice@contoso.com", workflow = "campaign-copy", model = "gpt-4o", cost,
    });
}
