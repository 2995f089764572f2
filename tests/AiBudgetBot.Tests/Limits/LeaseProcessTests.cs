using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Limits;

/// <summary>
/// Budget leases across three real processes on one Azurite: however the decisions fall on
/// them, and even when one dies holding a lease, together they never allow more than the limit.
/// </summary>
public sealed class LeaseProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Short leases, so a dead holder's is written off within the test.</summary>
    private static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["Limits__Leases__TtlSeconds"] = "6",
        ["Limits__Leases__RenewEverySeconds"] = "1",
        ["Telemetry__Prometheus"] = "true",
    };

    [Fact]
    public async Task ThreeProcesses_300ConcurrentDollarCalls_AgainstA100DollarPilot_AllowBetween85And100()
    {
        var (storage, prefix) = await NewPrefixAsync();
        await using var a = await BotProcess.StartAsync(storage, prefix);
        await using var b = await BotProcess.StartAsync(storage, prefix);
        await using var c = await BotProcess.StartAsync(storage, prefix);
        await SeedPilotAsync(a.Client(BotFactory.AdminKey));
        var clients = new[] { a, b, c }.Select(p => p.Client(BotFactory.IngestKey)).ToArray();

        // Each process decides a few calls first, so all three hold leases when the burst comes.
        var warm = 0;
        for (var i = 0; i < 15; i++)
        {
            warm += await AllowedAsync(clients[i % 3], $"w{i}") ? 1 : 0;
        }

        await UntilAsync(async () => (await PoolAsync(a)).GetProperty("leases").GetInt32() >= 2, "leases held");
        var burst = await Task.WhenAll(Enumerable.Range(0, 285).Select(i => AllowedAsync(clients[i % 3], $"c{i}")));

        var allowed = warm + burst.Count(x => x);
        output.WriteLine($"allowed {allowed} of 300 ({warm} in the warm-up)");
        Assert.InRange(allowed, 85, 100);
        // Every allowed call ends up as exactly one $1 hold once the leases flush and go idle.
        await UntilAsync(async () => (await PoolAsync(a)).GetProperty("reserved").GetDecimal() == allowed, $"{allowed} holds");
        var pool = await PoolAsync(a);
        Assert.True(pool.GetProperty("reserved").GetDecimal() + pool.GetProperty("leased").GetDecimal() <= 100m);
    }

    [Fact]
    public async Task ThreeProcesses_OneKilledWhileItHoldsALease_StillNeverAllowMoreThanTheLimit()
    {
        var (storage, prefix) = await NewPrefixAsync();
        var doomed = await BotProcess.StartAsync(storage, prefix, ShortLeases);
        await using var b = await BotProcess.StartAsync(storage, prefix, ShortLeases);
        await using var c = await BotProcess.StartAsync(storage, prefix, ShortLeases);
        var admin = b.Client(BotFactory.AdminKey);
        await SeedPilotAsync(admin);

        // Only the doomed process has traffic, so the lease in the row is its own.
        var warm = 0;
        var doomedClient = doomed.Client(BotFactory.IngestKey);
        for (var i = 0; i < 10; i++)
        {
            warm += await AllowedAsync(doomedClient, $"w{i}") ? 1 : 0;
        }

        await UntilAsync(async () => (await PoolAsync(b)).GetProperty("leases").GetInt32() == 1, "the doomed process's lease");
        // It keeps deciding from memory while it is killed: some of its allows are never flushed.
        var dying = Enumerable.Range(0, 10).Select(i => AllowedOrLostAsync(doomedClient, $"d{i}")).ToArray();
        await doomed.DisposeAsync();
        var lastWords = (await Task.WhenAll(dying)).Count(x => x);

        var clients = new[] { b, c }.Select(p => p.Client(BotFactory.IngestKey)).ToArray();
        var burst = await Task.WhenAll(Enumerable.Range(0, 280).Select(i => AllowedAsync(clients[i % 2], $"c{i}")));

        var allowed = warm + lastWords + burst.Count(x => x);
        output.WriteLine($"allowed {allowed} ({warm} warm-up, {lastWords} by the process as it died)");
        Assert.InRange(allowed, 85, 100);

        // Past its TTL the dead lease is written off by the next write: counted, never returned.
        await UntilAsync(
            async () =>
            {
                await AllowedAsync(clients[0], $"late-{Guid.NewGuid():N}");
                return (await PoolAsync(b)).GetProperty("writtenOff").GetDecimal() > 0m;
            },
            "the dead lease written off",
            TimeSpan.FromSeconds(40));
        var pool = await PoolAsync(b);
        output.WriteLine($"written off {pool.GetProperty("writtenOff").GetDecimal()}");
        // Stranded money is bounded by one lease: at most 5 % of the $100 soft limit.
        Assert.InRange(pool.GetProperty("writtenOff").GetDecimal(), 0.000001m, 5m);
        Assert.True(pool.GetProperty("reserved").GetDecimal() + pool.GetProperty("leased").GetDecimal() + pool.GetProperty("writtenOff").GetDecimal() <= 100m);
        // An operator sees it too: one write-off, of that money, in the survivors' metrics.
        var scrapes = await Task.WhenAll(new[] { b, c }.Select(p => p.Client(BotFactory.AdminKey).GetStringAsync("metrics")));
        Assert.Equal(1, scrapes.Sum(m => Telemetry.PrometheusText.Value(m, "aibudget_lease_write_offs_total") ?? 0));
        Assert.Equal((double)pool.GetProperty("writtenOff").GetDecimal(), scrapes.Sum(m => Telemetry.PrometheusText.Value(m, "aibudget_lease_written_off_total") ?? 0), 6);
    }

    private static async Task<(string Storage, string Prefix)> NewPrefixAsync() => ((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix());

    private static async Task SeedPilotAsync(HttpClient admin)
    {
        await AdminCalls.SeedAsync(admin, amount: 100m);
        await AdminCalls.Ok(admin.PutAsJsonAsync("api/v1/teams/marketing/pools/baseline", new
        {
            kind = "baseline", stage = "pilot", amount = 100m, period = "monthly", start = "2026-01-01", softLimitPercent = 100m, hardLimitPercent = 100m,
        }));
        await AdminCalls.Ok(admin.PostAsJsonAsync("api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));
    }

    private static async Task<bool> AllowedAsync(HttpClient ingest, string requestId)
    {
        var response = await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId }));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString() == "allow";
    }

    /// <summary>An authorize sent to a process being killed: allowed, or no answer (which a gateway must treat as a deny).</summary>
    private static async Task<bool> AllowedOrLostAsync(HttpClient ingest, string requestId)
    {
        try
        {
            return await AllowedAsync(ingest, requestId);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<JsonElement> PoolAsync(BotProcess bot) =>
        (await bot.Client(BotFactory.AdminKey).GetFromJsonAsync<JsonElement>("api/v1/teams/marketing/status")).GetProperty("pools")[0];

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(20)))
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(200);
        }
    }
}
