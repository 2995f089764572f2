using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// authorize with the store down: a 503 (nothing held, retry is safe) whose body carries the decision the
/// pool's outage policy gives, so a gateway that cannot wait knows whether to let the call through.
/// </summary>
public sealed class AuthorizeWhenStoreDownTests
{
    [Fact]
    public async Task Authorize_StoreDown_ByDefaultSteadyFailsOpen_PilotSandboxAndUnknownFailClosed()
    {
        var answers = await AnswersDuringOutageAsync(new Dictionary<string, string?>());

        Assert.Equal(("allow", "store-unavailable-fail-open", "baseline"), answers["baseline-early"]);
        Assert.Equal(("allow", "store-unavailable-fail-open", "baseline"), answers["baseline"]);
        Assert.Equal(("deny", "store-unavailable-fail-closed", "trial"), answers["trial"]);
        Assert.Equal(("deny", "store-unavailable-fail-closed", "sandbox"), answers["sandbox"]);
        Assert.Equal(("deny", "store-unavailable-fail-closed", null), answers["unknown-team"]);
        Assert.Equal(("deny", "store-unavailable-fail-closed", null), answers["paused-workflow"]);
    }

    [Fact]
    public async Task Authorize_StoreDown_FollowsLimitsWhenStoreDownPerStage()
    {
        var answers = await AnswersDuringOutageAsync(new Dictionary<string, string?>
        {
            ["Limits:WhenStoreDown:Pilot"] = "open",
            ["Limits:WhenStoreDown:Steady"] = "closed",
            ["Limits:WhenStoreDown:Sandbox"] = "open",
        });

        Assert.Equal(("deny", "store-unavailable-fail-closed", "baseline"), answers["baseline-early"]);
        Assert.Equal(("deny", "store-unavailable-fail-closed", "baseline"), answers["baseline"]);
        Assert.Equal(("allow", "store-unavailable-fail-open", "trial"), answers["trial"]);
        Assert.Equal(("allow", "store-unavailable-fail-open", "sandbox"), answers["sandbox"]);
        Assert.Equal(("deny", "store-unavailable-fail-closed", null), answers["unknown-team"]);
    }

    [Fact]
    public async Task Authorize_StoreDown_ALiveLeaseKeepsAllowing_UntilTheDirectoryIsTooOld_ThenThePolicyAnswers()
    {
        var azurite = await Azurite.StartPrivateAsync();
        await using var bot = new BotFactory(azurite.ConnectionString, BotFactory.NewPrefix(), new Dictionary<string, string?> { ["Storage:TimeoutSeconds"] = "2" });
        var admin = bot.Admin();
        await AdminCalls.SeedAsync(admin, amount: 100_000m);
        await AdminCalls.Ok(admin.PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));
        var gateway = bot.Ingest();
        var request = 0;
        async Task<HttpResponseMessage> AuthorizeAsync() =>
            await gateway.PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", pool = "baseline", estimatedCost = 1m, requestId = $"call-{++request}" });

        // Steady demand until this instance holds a lease (money pre-debited in the ledger row).
        var leased = 0m;
        var deadline = Stopwatch.StartNew();
        while (leased < 50m)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "no lease was granted under steady demand");
            for (var i = 0; i < 20; i++)
            {
                await AdminCalls.Ok(AuthorizeAsync());
            }

            leased = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status")).GetProperty("pools")[0].GetProperty("leased").GetDecimal();
        }

        await AdminCalls.Ok(AuthorizeAsync());
        await azurite.DisposeAsync();
        var down = Stopwatch.StartNew();

        // The lease's money is already debited in the row: deciding from it needs no write, so a call
        // is still allowed while the directory snapshot is young enough to trust ...
        for (var i = 0; i < 5; i++)
        {
            var answer = await AdminCalls.Ok(AuthorizeAsync());
            Assert.Equal("allow", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString());
        }

        Assert.True(down.Elapsed < DirectoryStore.MaxAge, "the five calls answered within the directory's bound");

        // ... and past the directory's bound, the outage policy answers (503), the lease or not.
        HttpResponseMessage last;
        do
        {
            Assert.True(down.Elapsed < DirectoryStore.MaxAge + TimeSpan.FromSeconds(20), "authorize kept allowing long after the directory's bound");
            last = await AuthorizeAsync();
        }
        while (last.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, last.StatusCode);
        Assert.Equal("store-unavailable-fail-open", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    private static async Task<Dictionary<string, (string Decision, string Reason, string? Pool)>> AnswersDuringOutageAsync(Dictionary<string, string?> settings)
    {
        var azurite = await Azurite.StartPrivateAsync();
        settings["Storage:TimeoutSeconds"] = "2";
        await using var bot = new BotFactory(azurite.ConnectionString, BotFactory.NewPrefix(), settings);
        var admin = bot.Admin();
        await AdminCalls.SeedAsync(admin, amount: 100m);
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/trial", new { kind = "project", stage = "pilot", amount = 100m, period = "monthly", start = "2026-01-01" }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/sandbox", new { kind = "sandbox", stage = "steady", amount = 100m, period = "monthly", start = "2026-01-01" }));
        await AdminCalls.Ok(admin.PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));
        await AdminCalls.Ok(admin.PostAsync("/api/v1/teams/marketing/workflows/nightly-batch/pause", null));
        foreach (var pool in new[] { "baseline", "trial", "sandbox" })
        {
            // Each pool answers normally while the store is up.
            var up = await AdminCalls.Ok(bot.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", pool, estimatedCost = 1m }));
            Assert.Equal("allow", (await up.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString());
        }

        await azurite.DisposeAsync();
        var down = Stopwatch.StartNew();
        // Inside the directory's bound the snapshot still names the pool and the ledger commit fails ...
        var early = await AskAsync(bot, new { team = "marketing", pool = "baseline", estimatedCost = 1m });

        // ... past it the snapshot may not decide anything, but still names the pool whose policy applies.
        while (down.Elapsed < DirectoryStore.MaxAge + TimeSpan.FromSeconds(1))
        {
            await Task.Delay(200);
        }

        return new()
        {
            ["baseline-early"] = early,
            ["baseline"] = await AskAsync(bot, new { team = "marketing", pool = "baseline", estimatedCost = 1m }),
            ["trial"] = await AskAsync(bot, new { team = "marketing", pool = "trial", estimatedCost = 1m }),
            ["sandbox"] = await AskAsync(bot, new { team = "marketing", pool = "sandbox", estimatedCost = 1m }),
            ["unknown-team"] = await AskAsync(bot, new { team = "nobody", estimatedCost = 1m }),
            ["paused-workflow"] = await AskAsync(bot, new { team = "marketing", pool = "baseline", workflow = "nightly-batch", estimatedCost = 1m }),
        };
    }

    private static async Task<(string Decision, string Reason, string? Pool)> AskAsync(BotFactory bot, object request)
    {
        var response = await bot.Ingest().PostAsJsonAsync("/api/v1/authorize", request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Limits:WhenStoreDown", body.GetProperty("detail").GetString());
        var pool = body.GetProperty("pool");
        return (body.GetProperty("decision").GetString()!, body.GetProperty("reason").GetString()!, pool.ValueKind == JsonValueKind.Null ? null : pool.GetString());
    }
}
