using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>What a crash or a dead store does to the numbers: nothing false, nothing lost, nothing twice.</summary>
public sealed class CrashAndOutageTests
{
    [Fact]
    public async Task Usage_ProcessKilledMidIngestion_ReplayOnRestartCountsEveryEventExactlyOnce()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        var batches = Enumerable.Range(0, 60)
            .Select(b => "[" + string.Join(",", Enumerable.Range(b * 50, 50).Select(i => Event($"k{i}", 0.01m))) + "]")
            .ToList();

        await using (var first = await BotProcess.StartAsync(storage, prefix))
        {
            await AdminCalls.SeedAsync(first.Client(BotFactory.AdminKey), amount: 1_000_000m);
            var ingest = first.Client(BotFactory.IngestKey);
            // Senders keep posting while the process is killed under them; some answers never come.
            var sending = Task.WhenAll(batches.Select(async (body, i) =>
            {
                await Task.Delay(i * 5);
                try
                {
                    await ingest.PostAsync("api/v1/usage", new StringContent(body, Encoding.UTF8, "application/json"));
                }
                catch (HttpRequestException)
                {
                    // The process died mid-request: exactly what a gateway sees, and why it retries.
                }
                catch (TaskCanceledException)
                {
                }
            }));
            await Task.Delay(150);
            await first.KillAsync();
            await sending;
        }

        await using var second = await BotProcess.StartAsync(storage, prefix);
        var retry = second.Client(BotFactory.IngestKey);
        var accepted = 0;
        var duplicates = 0;
        foreach (var body in batches)
        {
            var result = await (await AdminCalls.Ok(retry.PostAsync("api/v1/usage", new StringContent(body, Encoding.UTF8, "application/json")))).Content.ReadFromJsonAsync<JsonElement>();
            accepted += result.GetProperty("accepted").GetInt32();
            duplicates += result.GetProperty("duplicates").GetInt32();
        }

        var status = await second.Client(BotFactory.AdminKey).GetFromJsonAsync<JsonElement>("api/v1/teams/marketing/status");
        var pool = status.GetProperty("pools")[0];
        Assert.Equal(3000, accepted + duplicates);
        Assert.Equal(3000, pool.GetProperty("events").GetInt32());
        Assert.Equal(30m, pool.GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Writes_WhenTheStoreIsDown_Answer503AndAcknowledgeNothing()
    {
        var azurite = await Azurite.StartPrivateAsync();
        await using var bot = new BotFactory(azurite.ConnectionString, BotFactory.NewPrefix());
        await AdminCalls.SeedAsync(bot.Admin(), amount: 100m);
        await AdminCalls.Ok(bot.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));
        await bot.Ingest().PostAsync("/api/v1/usage", new StringContent(Event("warm", 1m), Encoding.UTF8, "application/json"));

        await azurite.DisposeAsync();

        var usage = await bot.Ingest().PostAsync("/api/v1/usage", new StringContent(Event("lost", 1m), Encoding.UTF8, "application/json"));
        var authorize = await bot.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", estimatedCost = 1m });
        var admin = await bot.Admin().PutAsJsonAsync("/api/v1/teams/support", new { name = "Support", owners = new[] { "sam" } });
        var ready = await bot.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, usage.StatusCode);
        Assert.Equal("application/problem+json", usage.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Retry", await usage.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(2), usage.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, authorize.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private static string Event(string id, decimal cost) => JsonSerializer.Serialize(new
    {
        id, timestamp = "2026-12-01T10:00:00Z", team = "marketing", user = "alice", model = "gpt-4o", cost,
    });
}
