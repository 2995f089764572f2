using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// kill -9 in the middle of concurrent authorize calls against a hard-limited pilot pool: an allow once
/// answered survives the crash, the gateway's retries get the same answers, the total allowed never
/// passes the limit, and holds end either settled by their usage or expired.
/// </summary>
public sealed class CrashDuringAuthorizeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Limit = 20;
    private const int Calls = 60;

    /// <param name="leases">
    /// Off: every allow is a durable per-call hold, so the books after the crash are exact to the dollar.
    /// On (the default): allows under the soft limit come from the instance's lease, and a dead instance's
    /// lease is written off as spent, so after the crash the pool may allow less than its limit, never more.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Authorize_ProcessKilledMidBurst_NeverAllowsPastTheHardLimit_AndHoldsSettleOrExpire(bool leases)
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        // The shortest hold the settings allow, so the test can watch unsettled holds lapse.
        var settings = new Dictionary<string, string?> { ["Limits:ReservationMinutes"] = "1", ["Limits:Leases:Enabled"] = leases ? "true" : "false" };
        var answeredBeforeCrash = new ConcurrentDictionary<string, string>();

        await using (var first = await BotProcess.StartAsync(storage, prefix, settings))
        {
            var admin = first.Client(BotFactory.AdminKey);
            await AdminCalls.SeedAsync(admin, amount: 1000m);
            await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/trial", new
            {
                kind = "project", stage = "pilot", amount = (decimal)Limit, period = "monthly", start = "2026-01-01", softLimitPercent = 80, hardLimitPercent = 100,
            }));
            await AdminCalls.Ok(admin.PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));

            var gateway = first.Client(BotFactory.IngestKey);
            // Spread over ~1.2 s, so allows are being decided and written one after another when the kill comes.
            var burst = Task.WhenAll(Enumerable.Range(0, Calls).Select(async i =>
            {
                await Task.Delay(i * 20);
                try
                {
                    var response = await gateway.PostAsJsonAsync("/api/v1/authorize", Ask($"r{i}"));
                    if (response.IsSuccessStatusCode)
                    {
                        answeredBeforeCrash[$"r{i}"] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString()!;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process died under this call: the gateway never heard, and will ask again.
                }
            }));
            // Kill once the first answers are out: some holds are durable and answered, some durable
            // and unanswered, some never written.
            var clock = Stopwatch.StartNew();
            while (answeredBeforeCrash.Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5);
            }

            await first.KillAsync();
            await burst;
        }

        Assert.NotEmpty(answeredBeforeCrash);

        await using var second = await BotProcess.StartAsync(storage, prefix, settings);
        var retry = second.Client(BotFactory.IngestKey);
        // The gateway asks again for every call (same requestId): a held one is answered allow once more.
        var answers = new Dictionary<string, JsonElement>();
        foreach (var i in Enumerable.Range(0, Calls))
        {
            answers[$"r{i}"] = await (await AdminCalls.Ok(retry.PostAsJsonAsync("/api/v1/authorize", Ask($"r{i}")))).Content.ReadFromJsonAsync<JsonElement>();
        }

        // Every hold, from either process, was placed before this point.
        var holdsPlaced = Stopwatch.StartNew();
        var allowed = answers.Where(a => a.Value.GetProperty("decision").GetString() == "allow").Select(a => a.Key).ToList();
        output.WriteLine($"leases {(leases ? "on" : "off")}: before the kill: {answeredBeforeCrash.Count} answered ({answeredBeforeCrash.Count(a => a.Value == "allow")} allow); after: {allowed.Count} allow of {Calls}; pool after the retries: {(await TrialAsync(second)).GetRawText()}");
        Assert.InRange(allowed.Count, 1, Limit);
        if (!leases)
        {
            Assert.Equal(Limit, allowed.Count);
            foreach (var (id, decision) in answeredBeforeCrash.Where(a => a.Value == "allow"))
            {
                Assert.Contains(id, allowed); // an allow given before the crash was a durable hold
            }
        }

        Assert.All(answers.Values.Where(a => a.GetProperty("decision").GetString() == "deny"), a => Assert.Equal("hard-limit-reached", a.GetProperty("reason").GetString()));

        // Half the allowed calls report their usage (the hold settles into spend); the rest never do.
        var settled = allowed.Take(Limit / 2).ToList();
        var events = settled.Select(id => new { id, timestamp = TimeProvider.System.GetUtcNow().AddMinutes(-1), team = "marketing", pool = "trial", user = "alice", model = "gpt-4o", cost = 1m });
        var usage = await (await AdminCalls.Ok(retry.PostAsJsonAsync("/api/v1/usage", events))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(settled.Count, usage.GetProperty("accepted").GetInt32());
        Assert.Equal("deny", await DecisionAsync(retry, "after-settle"));

        var trial = await TrialAsync(second);
        Assert.Equal((decimal)settled.Count, trial.GetProperty("spent").GetDecimal());

        // Unsettled holds lapse after Limits:ReservationMinutes: exactly their room comes back, no more.
        while (holdsPlaced.Elapsed < TimeSpan.FromSeconds(62))
        {
            await Task.Delay(500);
        }

        var later = new List<string>();
        for (var i = 0; i < Limit; i++)
        {
            later.Add(await DecisionAsync(retry, $"later-{i}"));
        }

        output.WriteLine($"after the holds lapsed: {later.Count(d => d == "allow")} more allowed; pool: {(await TrialAsync(second)).GetRawText()}");
        Assert.Equal("deny", later[^1]);
        if (leases)
        {
            // A lease stranded by the dead instance is written off as spent: less room may come back, never more.
            Assert.InRange(later.Count(d => d == "allow"), 0, Limit - settled.Count);
        }
        else
        {
            Assert.Equal(Limit - settled.Count, later.Count(d => d == "allow"));
            Assert.Equal((decimal)settled.Count, (await TrialAsync(second)).GetProperty("spent").GetDecimal());
        }
    }

    private static object Ask(string requestId) => new { team = "marketing", pool = "trial", estimatedCost = 1m, requestId };

    private static async Task<string> DecisionAsync(HttpClient gateway, string requestId) =>
        (await (await AdminCalls.Ok(gateway.PostAsJsonAsync("/api/v1/authorize", Ask(requestId)))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString()!;

    private static async Task<JsonElement> TrialAsync(BotProcess bot)
    {
        var status = await bot.Client(BotFactory.AdminKey).GetFromJsonAsync<JsonElement>("api/v1/teams/marketing/status");
        return status.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "trial");
    }
}
