using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Security;

/// <summary>Per-key request limits: a burst over the limit is refused whole (429, Retry-After), and what was refused is not counted.</summary>
public sealed class RateLimitTests
{
    private const string OtherKey = "other-gateway-key-0123456789";

    [Fact]
    public async Task Ingestion_BurstOverTheLimit_RefusedWith429AndTheLedgerHoldsExactlyTheAccepted()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var bot = new BotFactory(storage, prefix, new Dictionary<string, string?>
        {
            ["Ingestion:RequestsPerSecond"] = "3",
            ["Ingestion:ApiKeys:1:Name"] = "other",
            ["Ingestion:ApiKeys:1:Key"] = OtherKey,
        });
        await AdminCalls.SeedAsync(bot.Admin());
        var ingest = bot.Ingest();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            ingest.PostAsync("/api/v1/usage", Json($"[{Event($"r{i}a", 1m)},{Event($"r{i}b", 0.5m)}]"))));
        // Another key has its own bucket: the first one's burst does not starve it.
        var other = bot.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OtherKey);
        var others = await other.PostAsync("/api/v1/usage", Json(Event("other", 0.25m)));

        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(30, accepted + refused.Count);
        Assert.NotEmpty(refused);
        Assert.InRange(accepted, 3, 27);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        foreach (var answer in refused)
        {
            Assert.True(int.Parse(Assert.Single(answer.Headers.GetValues("Retry-After"))) >= 1);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.Contains("Ingestion:RequestsPerSecond", problem.GetProperty("detail").GetString());
        }

        var pool = (await bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status")).GetProperty("pools")[0];
        Assert.Equal(accepted * 2 + 1, pool.GetProperty("events").GetInt32());
        Assert.Equal(accepted * 1.5m + 0.25m, pool.GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Admin_BurstOverTheLimit_RefusedChangesNothing()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var limited = new BotFactory(storage, prefix, new Dictionary<string, string?> { ["Admin:RequestsPerSecond"] = "2" });
        // A second instance of the same deployment without a limit, to look at the result.
        await using var observer = new BotFactory(storage, prefix, new Dictionary<string, string?> { ["Admin:RequestsPerSecond"] = "0" });
        var admin = limited.Admin();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            admin.PutAsJsonAsync($"/api/v1/people/p{i}", new { displayName = $"Person {i}", email = $"p{i}@contoso.com", roles = Array.Empty<string>() })));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a => Assert.True(a.Headers.Contains("Retry-After")));
        Assert.Contains("Admin:RequestsPerSecond", (await refused[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var audit = await observer.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit");
        var changed = Entries(audit).Count();
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), changed);
    }

    [Fact]
    public async Task Ingestion_LimitZero_IsOff()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = new BotFactory(storage, BotFactory.NewPrefix(), new Dictionary<string, string?> { ["Ingestion:RequestsPerSecond"] = "0" });
        var ingest = bot.Ingest();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => ingest.PostAsync("/api/v1/usage", Json("[]"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
    }

    private static JsonElement.ArrayEnumerator Entries(JsonElement audit) =>
        audit.ValueKind == JsonValueKind.Array ? audit.EnumerateArray() : audit.GetProperty("entries").EnumerateArray();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Event(string id, decimal cost) => JsonSerializer.Serialize(new
    {
        id, timestamp = TimeProvider.System.GetUtcNow().AddMinutes(-5), team = "marketing", user = "alice", model = "gpt-4o", cost,
    });
}
