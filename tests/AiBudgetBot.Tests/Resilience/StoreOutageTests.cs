using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using Azure.Data.Tables;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// A store that dies or freezes under a running bot: every answer comes within the bound and is a 503,
/// never a false OK; when the store returns, the same bot heals, and what waited in the outbox is delivered once.
/// </summary>
public sealed class StoreOutageTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int TimeoutSeconds = 2;

    // At most a directory reload and a ledger commit, each bounded by Storage:TimeoutSeconds,
    // plus slack for a loaded machine: seconds, not the SDK's default of minutes.
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds((3 * TimeoutSeconds) + 3);

    [Fact]
    public Task Store_WhenStopped_Answers503WithinTheBound_AndHealsWhenRestarted() =>
        OutageAsync(azurite => azurite.StopAsync(), azurite => azurite.RestartAsync());

    [Fact]
    public Task Store_WhenFrozen_Answers503WithinTheBound_AndHealsWhenThawed() =>
        OutageAsync(
            azurite =>
            {
                azurite.Freeze();
                return Task.CompletedTask;
            },
            azurite =>
            {
                azurite.Thaw();
                return Task.CompletedTask;
            });

    private async Task OutageAsync(Func<Azurite, Task> fail, Func<Azurite, Task> heal)
    {
        await using var azurite = await Azurite.StartPersistentAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        await using var bot = new BotFactory(azurite.ConnectionString, BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Storage:TimeoutSeconds"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhooks:Url"] = hook.Url,
            ["Webhooks:Secret"] = "outage-webhook-secret-0123456789",
            ["Outbox:SweepSeconds"] = "1",
            ["Limits:ReviewSingleCallAbove"] = "0",
            ["Limits:ReviewUserDayAbove"] = "0",
        });
        await AdminCalls.SeedAsync(bot.Admin(), amount: 100m);
        await AdminCalls.Ok(bot.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));

        // The 50% alert and the run-out forecast find the receiver busy: they wait in the outbox, due
        // again in 5 s, through the outage.
        hook.AnswerNext(HttpStatusCode.TooManyRequests, "5");
        hook.AnswerNext(HttpStatusCode.TooManyRequests, "5");
        await AdminCalls.Ok(bot.Ingest().PostAsync("/api/v1/usage", Json(Event("half", 50m))));
        await hook.WaitForAsync(calls => calls.Count >= 2);
        var ledger = new TableServiceClient(azurite.ConnectionString).GetTableClient(bot.Prefix + "ledger");
        await Eventually.TrueAsync(async () => await OutboxRowsAsync(ledger) is { Count: 2 } rows && rows.All(r => r.GetInt32("Attempts") == 1), what: "both alerts' failed attempts recorded in the outbox");
        var alertWaitsUntil = Stopwatch.StartNew();

        await fail(azurite);

        var clock = Stopwatch.StartNew();
        var usage = await bot.Ingest().PostAsync("/api/v1/usage", Json(Event("during", 1m)));
        var usageTook = clock.Elapsed;
        clock.Restart();
        var authorize = await bot.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId = "outage-call" });
        var authorizeTook = clock.Elapsed;
        clock.Restart();
        var ready = await bot.CreateClient().GetAsync("/readyz");
        var readyTook = clock.Elapsed;

        output.WriteLine($"Storage:TimeoutSeconds={TimeoutSeconds}: usage 503 after {usageTook.TotalSeconds:0.00} s, authorize after {authorizeTook.TotalSeconds:0.00} s, readyz after {readyTook.TotalSeconds:0.00} s");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, usage.StatusCode);
        Assert.NotNull(usage.Headers.RetryAfter?.Delta);
        Assert.True(usageTook < Fast, $"usage answered after {usageTook}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, authorize.StatusCode);
        Assert.NotNull(authorize.Headers.RetryAfter?.Delta);
        // A steady pool fails open by default: the gateway may let the call through, and nothing was held.
        var outage = await authorize.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("allow", "store-unavailable-fail-open"), (outage.GetProperty("decision").GetString(), outage.GetProperty("reason").GetString()));
        Assert.True(authorizeTook < Fast, $"authorize answered after {authorizeTook}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.True(readyTook < Fast, $"readyz answered after {readyTook}");

        // Keep the store away past the alert's retry time, so its delivery has to wait for the store.
        while (alertWaitsUntil.Elapsed < TimeSpan.FromSeconds(6))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await bot.CreateClient().GetAsync("/readyz")).StatusCode);
            await Task.Delay(500);
        }

        Assert.DoesNotContain(hook.Calls, c => c.Status == 200);

        await heal(azurite);

        // The same bot, not restarted: ready again, and the gateway's retries land exactly once.
        await Eventually.TrueAsync(async () => (await bot.CreateClient().GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "readyz after the store returned");
        await Eventually.TrueAsync(async () => (await bot.Ingest().PostAsync("/api/v1/usage", Json(Event("during", 1m)))).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "usage after the store returned");
        await AdminCalls.Ok(bot.Ingest().PostAsync("/api/v1/usage", Json(Event("after", 1m))));
        var allowed = await (await AdminCalls.Ok(bot.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId = "outage-call" }))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("allow", allowed.GetProperty("decision").GetString());

        await hook.WaitForAsync(calls => calls.Count(c => c.Status == 200) >= 2, seconds: 30);
        await Eventually.TrueAsync(async () => (await OutboxRowsAsync(ledger)).Count == 0, TimeSpan.FromSeconds(30), "the outbox emptied");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two more sweeps: nothing may be posted again
        Assert.Equal(["forecast", "threshold"], hook.Calls.Where(c => c.Status == 200).Select(c => c.Kind).Order());
        Assert.Equal(50m, hook.Calls.Single(c => c.Status == 200 && c.Kind == "threshold").Json.GetProperty("threshold").GetDecimal());

        var pool = (await bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status")).GetProperty("pools")[0];
        Assert.Equal(3, pool.GetProperty("events").GetInt32());
        Assert.Equal(52m, pool.GetProperty("spent").GetDecimal());
    }

    private static async Task<List<TableEntity>> OutboxRowsAsync(TableClient ledger)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {LedgerKeys.OutboxPrefix} and RowKey lt {LedgerKeys.PrefixEnd(LedgerKeys.OutboxPrefix)}");
        var rows = new List<TableEntity>();
        await foreach (var row in ledger.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Event(string id, decimal cost) => JsonSerializer.Serialize(new
    {
        id, timestamp = "2026-12-01T10:00:00Z", team = "marketing", user = "alice", model = "gpt-4o", cost,
    });
}
