using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Limits;

/// <summary>
/// Budget leases on real hosts with the real clock (leases renew in the background): decisions
/// from memory become holds in the ledger, settle by usage, go back at shutdown, and a limit
/// cut or a pause made on another instance binds within the directory's staleness bound.
/// </summary>
public sealed class LeaseTests
{
    /// <summary>The directory's bound (DirectoryStore.MaxAge, 5 s) plus one renewal and slack for a loaded machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(9);

    [Fact]
    public async Task Authorize_AmpleHeadroom_DecidesFromALease_AndEveryDecisionBecomesAHoldThatUsageSettles()
    {
        await using var bot = await NewBotAsync(amount: 10_000m);
        var ingest = bot.Ingest();

        var decisions = new List<JsonElement>();
        for (var i = 0; i < 60; i++)
        {
            decisions.Add(await AuthorizeAsync(ingest, $"r{i}", 1m));
        }

        Assert.All(decisions, d => Assert.Equal(("allow", "within-budget"), (d.GetProperty("decision").GetString(), d.GetProperty("reason").GetString())));
        var leased = await StatusAsync(bot.Admin());
        Assert.Equal(1, leased.GetProperty("leases").GetInt32());
        Assert.True(leased.GetProperty("leased").GetDecimal() > 0m, "the instance holds unused budget");

        // Within a renewal every decision is a hold in the durable ledger, exactly once.
        await UntilAsync(async () => (await StatusAsync(bot.Admin())).GetProperty("reserved").GetDecimal() == 60m, "60 holds");

        // Usage below the estimate settles the hold; the difference is not spent.
        var events = string.Join("\n", Enumerable.Range(0, 20).Select(i => Event($"r{i}", 0.25m)));
        await AdminCalls.Ok(ingest.PostAsync("/api/v1/usage", new StringContent(events, Encoding.UTF8, "application/x-ndjson")));
        var settled = await StatusAsync(bot.Admin());
        Assert.Equal(5m, settled.GetProperty("spent").GetDecimal());
        Assert.Equal(40m, settled.GetProperty("reserved").GetDecimal());
        Assert.Equal(0m, settled.GetProperty("writtenOff").GetDecimal());
    }

    [Fact]
    public async Task Usage_ArrivingBeforeItsLeaseDecisionIsFlushed_IsCountedOnceAndHoldsNothing()
    {
        await using var bot = await NewBotAsync(amount: 10_000m);
        var ingest = bot.Ingest();
        await WarmAsync(bot);

        // Decided in memory, reported at once: the usage usually lands before the flush.
        var decision = await AuthorizeAsync(ingest, "fast", 2m);
        await AdminCalls.Ok(ingest.PostAsync("/api/v1/usage", new StringContent(Event("fast", 1.5m), Encoding.UTF8, "application/json")));

        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        // A later decision's hold proves "fast" was flushed too (flushes go in decision order).
        var marker = await AuthorizeAsync(ingest, "marker", 0.5m);
        Assert.Equal("allow", marker.GetProperty("decision").GetString());
        await UntilAsync(async () => (await StatusAsync(bot.Admin())).GetProperty("reserved").GetDecimal() >= 10.5m, "the marker's hold");
        var status = await StatusAsync(bot.Admin());
        Assert.Equal(10.5m, status.GetProperty("reserved").GetDecimal());
        Assert.Equal(1.5m, status.GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Shutdown_ReturnsTheLease_NothingStrandedOrWrittenOff()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using (var first = await NewBotAsync(amount: 10_000m, storage, prefix))
        {
            await WarmAsync(first);
        }

        await using var second = new BotFactory(storage, prefix);
        var status = await StatusAsync(second.Admin());
        Assert.Equal(0, status.GetProperty("leases").GetInt32());
        Assert.Equal(0m, status.GetProperty("leased").GetDecimal());
        Assert.Equal(0m, status.GetProperty("writtenOff").GetDecimal());
        Assert.Equal(10m, status.GetProperty("reserved").GetDecimal());
    }

    [Fact]
    public async Task LimitCut_OnAnotherInstance_BindsTheLeaseHolderWithinTheDirectoryBound()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var holder = await NewBotAsync(amount: 10_000m, storage, prefix);
        await using var other = new BotFactory(storage, prefix);
        await WarmAsync(holder);

        // Cut below what is already committed (10 held plus the lease): nothing more may be allowed.
        await AdminCalls.Ok(other.Admin().PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new
        {
            kind = "baseline", stage = "steady", amount = 5m, period = "monthly", start = "2026-01-01", softLimitPercent = 100m, hardLimitPercent = 100m,
        }));

        var bound = await TimeUntilAsync(holder.Ingest(), d => d.GetProperty("decision").GetString() == "deny");
        Assert.True(bound < Bound, $"the cut bound the holder after {bound.TotalSeconds:0.0} s");
        var after = await AuthorizeAsync(holder.Ingest(), "after-cut", 0.01m);
        Assert.Equal(("deny", "hard-limit-reached"), (after.GetProperty("decision").GetString(), after.GetProperty("reason").GetString()));
        // The lease is recalled and returned: what stays committed is the holds of decisions made.
        await UntilAsync(async () => (await StatusAsync(other.Admin())).GetProperty("leased").GetDecimal() == 0m, "the lease returned");
    }

    [Fact]
    public async Task Pause_OnAnotherInstance_BindsTheLeaseHolderWithinTheDirectoryBound()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var holder = await NewBotAsync(amount: 10_000m, storage, prefix);
        await using var other = new BotFactory(storage, prefix);
        await WarmAsync(holder);

        await AdminCalls.Ok(other.Admin().PostAsync("/api/v1/teams/marketing/workflows/campaign-copy/pause", null));

        var bound = await TimeUntilAsync(holder.Ingest(), d => d.GetProperty("reason").GetString() == "workflow-paused");
        Assert.True(bound < Bound, $"the pause bound the holder after {bound.TotalSeconds:0.0} s");
    }

    /// <summary>Authorizes small calls on <paramref name="ingest"/> until <paramref name="bound"/> holds; how long that took.</summary>
    private static async Task<TimeSpan> TimeUntilAsync(HttpClient ingest, Func<JsonElement, bool> bound)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            if (bound(await AuthorizeAsync(ingest, $"probe-{i}", 0.01m)))
            {
                return clock.Elapsed;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the change never bound the lease holder");
    }

    /// <summary>Ten $1 calls, then waits until this host holds a lease and has flushed them.</summary>
    private static async Task WarmAsync(BotFactory bot)
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("allow", (await AuthorizeAsync(bot.Ingest(), $"warm-{i}", 1m)).GetProperty("decision").GetString());
        }

        await UntilAsync(
            async () => await StatusAsync(bot.Admin()) is var s && s.GetProperty("leases").GetInt32() == 1 && s.GetProperty("reserved").GetDecimal() == 10m,
            "a lease with the warm-up flushed");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(100);
        }
    }

    private static async Task<BotFactory> NewBotAsync(decimal amount, string? storage = null, string? prefix = null)
    {
        var bot = new BotFactory(storage ?? (await Azurite.SharedAsync()).ConnectionString, prefix ?? BotFactory.NewPrefix());
        await AdminCalls.SeedAsync(bot.Admin(), amount: amount);
        await AdminCalls.Ok(bot.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));
        return bot;
    }

    private static async Task<JsonElement> AuthorizeAsync(HttpClient ingest, string requestId, decimal cost)
    {
        var response = await AdminCalls.Ok(ingest.PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", workflow = "campaign-copy", estimatedCost = cost, requestId }));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> StatusAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status")).GetProperty("pools")[0];

    private static string Event(string requestId, decimal cost) => JsonSerializer.Serialize(new
    {
        id = "u-" + requestId, requestId, timestamp = TimeProvider.System.GetUtcNow(), team = "marketing", user = "alice@contoso.com", workflow = "campaign-copy", model = "gpt-4o", cost,
    });
}
