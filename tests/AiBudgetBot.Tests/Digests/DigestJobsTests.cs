using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Digests;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Digests;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Digests;

/// <summary>
/// The weekly digest and the monthly review as jobs, end to end: real hosts on one Azurite, a
/// fake clock in Europe/Zurich (a zone with DST), the signed webhook as the channel observed.
/// </summary>
public sealed class DigestJobsTests : IAsyncLifetime
{
    private const string Zone = "Europe/Zurich";
    private const string Secret = "webhook-secret-0123456789";
    private static readonly PeriodCalendar Zurich = PeriodCalendar.ForZone(Zone);

    private readonly List<BotFactory> _bots = [];
    private WebhookReceiver _hook = null!;
    private string _connection = null!;
    private string _prefix = null!;

    public async Task InitializeAsync()
    {
        _connection = (await Azurite.SharedAsync()).ConnectionString;
        _hook = await WebhookReceiver.StartAsync();
        _prefix = BotFactory.NewPrefix();
    }

    public async Task DisposeAsync()
    {
        foreach (var bot in _bots)
        {
            await bot.DisposeAsync();
        }

        await _hook.DisposeAsync();
    }

    [Fact]
    public void WeeklyCron_FiresMondayNineLocal_AcrossBothDstChanges()
    {
        var schedule = new CronSchedule(new DigestsOptions().WeeklyCron, CronSlot.WeekJustEnded, Zurich);

        // Summer time starts on Sunday 29 March 2026: 09:00 is 08:00Z before and 07:00Z after.
        var before = schedule.NextAfter(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero))!.Value;
        var after = schedule.NextAfter(before)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 3, 23, 8, 0, 0, TimeSpan.Zero), before);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), after);
        // It ends on Sunday 25 October 2026.
        var october = schedule.NextAfter(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero))!.Value;
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero), october);
        Assert.All([before, after, october], fire => Assert.Equal((DayOfWeek.Monday, 9, 0), (Zurich.LocalTime(fire).DayOfWeek, Zurich.LocalTime(fire).Hour, Zurich.LocalTime(fire).Minute)));
        Assert.Equal("2026-W13", schedule.PeriodOf(after)); // the week just ended, 23–29 March
    }

    [Fact]
    public async Task Quartz_FiresTheWeeklyDigestAtMondayNineLocal_AfterDst_ForTheWeekJustEnded_AndListsTheRun()
    {
        // Monday 30 March 2026, 08:59 CEST (06:59Z): the first Monday after the change to summer time.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 30, 6, 59, 0, TimeSpan.Zero));
        var bot = Start(time, catchUpDays: 0);
        await SeedAsync(bot);
        Assert.DoesNotContain(_hook.Calls, c => c.Kind == "digest");

        time.Advance(TimeSpan.FromMinutes(1));

        var digest = await DigestAsync();
        Assert.Equal("2026-W13", digest.GetProperty("week").GetString());
        var jobs = await bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        var weekly = DigestJobs(jobs).Single(j => j.GetProperty("job").GetString() == "weekly-digest");
        Assert.Equal("0 0 9 ? * MON in Europe/Zurich", weekly.GetProperty("schedule").GetString());
        Assert.Equal("2026-04-06T09:00:00+02:00", weekly.GetProperty("nextFireTime").GetString());
        var last = weekly.GetProperty("lastRuns").EnumerateArray().Single();
        Assert.Equal("2026-W13", last.GetProperty("slot").GetString());
        Assert.Equal("2026-03-30T09:00:00+02:00", last.GetProperty("claimedAt").GetString());
        Assert.Equal(["webhook"], last.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, last.GetProperty("teams").GetInt32());
        Assert.True(last.GetProperty("durationMs").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task MonthlyReview_OnTheFirst_CoversTheMonthJustEnded()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var bot = Start(time, catchUpDays: 0);
        await SeedAsync(bot);
        // 30 Nov 23:30 local is still November; 1 Dec 00:30 local is December.
        await UsageAsync(bot, Event("nov", new DateTimeOffset(2026, 11, 30, 22, 30, 0, TimeSpan.Zero), 12.34m));
        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)); // the 1st, 09:00 local
        await UsageAsync(bot, Event("dec", new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), 50m));

        var run = await RunAsync(bot, "monthly-review");

        Assert.Equal("2026-11", run.GetProperty("slot").GetString());
        var reviews = await _hook.WaitForAsync(calls => calls.Count(c => c.Kind == "monthly-review") >= 2);
        Assert.True(reviews.Count(c => c.Kind == "monthly-review") == 2, string.Join("\n", reviews.Select(r => r.Body)));
        var marketing = reviews.Where(c => c.Kind == "monthly-review").Select(c => c.Json).Single(j => j.GetProperty("team").GetString() == "marketing");
        Assert.Equal("2026-11", marketing.GetProperty("period").GetString());
        Assert.Equal(12.34m, marketing.GetProperty("spent").GetDecimal());
        Assert.StartsWith("Marketing, November 2026 review: $12.34 of $1,000.00", marketing.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissedMonday_IsCaughtUpOnceAtStart_HoweverManyInstancesStart()
    {
        // Tuesday 8 December 10:00 local: Monday's 09:00 digest never went out.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        var seeder = Start(time, catchUpDays: 0);
        await SeedAsync(seeder);

        var first = Start(time);
        var second = Start(time);
        await Task.WhenAll(CatchUpAsync(first), CatchUpAsync(second));
        await CatchUpAsync(Start(time));

        await DigestAsync();
        await Task.Delay(1000);
        var digests = _hook.Calls.Where(c => c.Status == 200 && c.Kind == "digest").ToList();
        Assert.Equal("2026-W49", Assert.Single(digests).Json.GetProperty("week").GetString());
    }

    [Fact]
    public async Task SlotOlderThanCatchUpDays_IsNotCaughtUp()
    {
        // Saturday 12 December: Monday is five days back, beyond the default three.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 12, 9, 0, 0, TimeSpan.Zero));
        var bot = Start(time);
        await SeedAsync(bot);

        await CatchUpAsync(bot);

        var jobs = await bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        Assert.All(DigestJobs(jobs), j => Assert.Empty(j.GetProperty("lastRuns").EnumerateArray()));
    }

    [Fact]
    public async Task TwoHosts_RunTheSameWeek_OneDigest_AndForceSendsAgain()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.Zero));
        var a = Start(time, catchUpDays: 0);
        var b = Start(time, catchUpDays: 0);
        await SeedAsync(a);

        var runs = await Task.WhenAll(RunAsync(a, "weekly-digest", "2026-W49"), RunAsync(b, "weekly-digest", "2026-W49"));

        Assert.Equal(1, runs.Count(r => r.GetProperty("ran").GetBoolean()));
        await DigestAsync();
        await Task.Delay(1000);
        Assert.Single(_hook.Calls, c => c.Status == 200 && c.Kind == "digest");

        var forced = await RunAsync(b, "weekly-digest", "2026-W49", force: true);
        Assert.True(forced.GetProperty("ran").GetBoolean());
        await _hook.WaitForAsync(calls => calls.Count(c => c.Status == 200 && c.Kind == "digest") == 2);
    }

    [Fact]
    public async Task Run_WrongPeriod_IsAProblemThatSaysTheFormat()
    {
        var bot = Start(new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.Zero)), catchUpDays: 0);

        var response = await bot.Admin().PostAsync("/api/v1/admin/jobs/weekly-digest/run?period=2026-12", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("yyyy-Www", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var jobs = await bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        Assert.All(DigestJobs(jobs), j => Assert.Empty(j.GetProperty("lastRuns").EnumerateArray()));
    }

    [Fact]
    public async Task DigestTotals_EqualTheSumOfTheStatusApi_ToTheCent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 11, 0, 0, TimeSpan.Zero));
        var bot = Start(time, catchUpDays: 0);
        await SeedAsync(bot);
        var costs = new[] { 0.333333m, 1.999999m, 7.10m, 0.000001m, 12.5m, 3.14159m };
        var events = costs.Select((cost, i) => Event($"e{i}", new DateTimeOffset(2026, 12, 1 + i, 10, 0, 0, TimeSpan.Zero), cost, team: i % 2 == 0 ? "marketing" : "support", user: $"u{i % 3}")).ToArray();
        await UsageAsync(bot, events);

        await RunAsync(bot, "weekly-digest");

        var digest = await DigestAsync();
        decimal spent = 0m, limit = 0m;
        foreach (var team in new[] { "marketing", "support" })
        {
            var status = await bot.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/teams/{team}/status");
            foreach (var pool in status.GetProperty("pools").EnumerateArray())
            {
                spent += pool.GetProperty("spent").GetDecimal();
                limit += pool.GetProperty("limit").GetDecimal();
            }
        }

        Assert.Equal(costs.Sum(), spent);
        Assert.Equal(decimal.Round(spent, 2), decimal.Round(digest.GetProperty("spent").GetDecimal(), 2));
        Assert.Equal(spent, digest.GetProperty("spent").GetDecimal());
        Assert.Equal(limit, digest.GetProperty("limit").GetDecimal());
        Assert.Equal(spent, digest.GetProperty("teams").EnumerateArray().Sum(t => t.GetProperty("spent").GetDecimal()));
    }

    [Fact]
    public async Task Digest_ShowsLastMonthsReturn_AndNamesTheTeamThatSpentWithNoOutcome()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 11, 0, 0, TimeSpan.Zero));
        var bot = Start(time, catchUpDays: 0);
        await SeedAsync(bot);
        await UsageAsync(
            bot,
            Event("n1", new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.Zero), 100m),
            Event("n2", new DateTimeOffset(2026, 11, 12, 10, 0, 0, TimeSpan.Zero), 40m, team: "support"),
            Event("d1", new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), 7m, team: "support"));
        await AdminCalls.Ok(bot.Ingest().PostAsJsonAsync("/api/v1/outcomes", new { team = "marketing", month = "2026-11", metric = "value", value = 500m }));

        await RunAsync(bot, "weekly-digest");

        var digest = await DigestAsync();
        var returns = digest.GetProperty("returns");
        Assert.Equal("2026-11", returns.GetProperty("month").GetString());
        Assert.Equal(140m, returns.GetProperty("spend").GetDecimal());
        Assert.Equal(500m, returns.GetProperty("value").GetDecimal());
        var unproven = Assert.Single(returns.GetProperty("unproven").EnumerateArray());
        Assert.Equal(("support", 40m), (unproven.GetProperty("team").GetString(), unproven.GetProperty("spend").GetDecimal()));
        // What finance reads: the line with the month's value, ratio and the unproven money (500 / 140 = 3.57, shown truncated).
        Assert.Contains("Return, November 2026: $500 of value on $140 spent (3.5×) · 1 team unproven ($40).", digest.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private BotFactory Start(FakeTimeProvider time, int catchUpDays = 3)
    {
        var bot = new BotFactory(_connection, _prefix, new Dictionary<string, string?>
        {
            ["Webhooks:Url"] = _hook.Url,
            ["Webhooks:Secret"] = Secret,
            ["Organization:TimeZone"] = Zone,
            ["Digests:CatchUpDays"] = catchUpDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, time);
        _bots.Add(bot);
        _ = bot.Services; // starts the host (and its catch-up)
        return bot;
    }

    /// <summary>Awaits the start-up catch-up the host runs in the background (it is idempotent: the marker decides).</summary>
    private static Task CatchUpAsync(BotFactory bot) => bot.Services.GetRequiredService<CatchUp>().RunAsync(CancellationToken.None);

    private static async Task SeedAsync(BotFactory bot)
    {
        var admin = bot.Admin();
        await AdminCalls.SeedAsync(admin, amount: 1000m);
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/support", new { name = "Support", owners = new[] { "dana" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/support/pools/baseline", new { kind = "baseline", stage = "steady", amount = 500m, period = "monthly", start = "2026-01-01" }));
    }

    private static object Event(string id, DateTimeOffset at, decimal cost, string team = "marketing", string user = "alice") =>
        new { id, timestamp = at, team, user, workflow = "campaign-copy", model = "gpt-4o", inputTokens = 1200, outputTokens = 300, cost };

    private static async Task UsageAsync(BotFactory bot, params object[] events) =>
        await AdminCalls.Ok(bot.Ingest().PostAsJsonAsync("/api/v1/usage", events));

    private static async Task<JsonElement> RunAsync(BotFactory bot, string job, string? period = null, bool force = false)
    {
        var query = string.Join("&", new[] { period is null ? null : $"period={period}", force ? "force=true" : null }.OfType<string>());
        var response = await AdminCalls.Ok(bot.Admin().PostAsync($"/api/v1/admin/jobs/{job}/run{(query.Length > 0 ? "?" + query : "")}", null));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static IEnumerable<JsonElement> DigestJobs(JsonElement jobs) =>
        jobs.GetProperty("jobs").EnumerateArray().Where(j => j.GetProperty("job").GetString() is "weekly-digest" or "monthly-review");

    private async Task<JsonElement> DigestAsync() =>
        (await _hook.WaitForAsync(calls => calls.Any(c => c.Status == 200 && c.Kind == "digest"))).First(c => c.Status == 200 && c.Kind == "digest").Json;
}
