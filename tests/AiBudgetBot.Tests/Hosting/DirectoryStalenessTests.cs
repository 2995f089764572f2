using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Hosting;

/// <summary>
/// Two instances of one deployment: what one changes, the other decides on within a stated time,
/// and an id it has never seen is looked up before it is refused.
/// </summary>
public sealed class DirectoryStalenessTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TeamCreatedOnOneInstance_IsKnownToTheOthersFirstAuthorizeAndUsage()
    {
        var (first, second) = await TwoInstancesAsync();
        await using var a = first;
        await using var b = second;

        // B's snapshot is fresh (the clock has not moved) and does not know "research".
        await AdminCalls.SeedAsync(a.Admin(), team: "research");
        await AdminCalls.Ok(a.Admin().PostAsJsonAsync("/api/v1/teams/research/onboarding", new { acceptedBy = "dana" }));

        var decision = await AuthorizeAsync(b, new { team = "research", workflow = "copy", estimatedCost = 1m });
        Assert.True(decision.GetProperty("decision").GetString() == "allow", decision.ToString());

        var usage = await AdminCalls.Ok(b.Ingest().PostAsJsonAsync("/api/v1/usage", new
        {
            id = "e-research-1", timestamp = "2026-12-15T11:00:00Z", team = "research", model = "gpt-4o-mini", inputTokens = 1000, outputTokens = 100,
        }));
        var counted = await usage.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, counted.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task PauseOnOneInstance_BindsTheOtherWithinTheBound()
    {
        var (first, second) = await TwoInstancesAsync();
        await using var a = first;
        await using var b = second;
        Assert.Equal("allow", (await AuthorizeAsync(b, new { team = "marketing", workflow = "video-render", estimatedCost = 1m })).GetProperty("decision").GetString());

        await AdminCalls.Ok(a.Admin().PostAsync("/api/v1/teams/marketing/workflows/video-render/pause", null));
        _time.Advance(DirectoryStore.MaxAge);

        // B's snapshot is now as old as the bound: its first decision comes from the store, not from memory.
        var paused = await AuthorizeAsync(b, new { team = "marketing", workflow = "video-render", estimatedCost = 1m });
        Assert.Equal("deny", paused.GetProperty("decision").GetString());
        Assert.Equal("workflow-paused", paused.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task LimitLoweredOnOneInstance_BindsTheOtherWithinTheBound()
    {
        var (first, second) = await TwoInstancesAsync();
        await using var a = first;
        await using var b = second;
        Assert.Equal("allow", (await AuthorizeAsync(b, new { team = "marketing", workflow = "copy", estimatedCost = 50m })).GetProperty("decision").GetString());

        await AdminCalls.Ok(a.Admin().PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "steady", amount = 10m, period = "monthly", start = "2026-01-01" }));
        _time.Advance(DirectoryStore.MaxAge);

        var refused = await AuthorizeAsync(b, new { team = "marketing", workflow = "copy", estimatedCost = 50m });
        Assert.Equal("deny", refused.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task FloodOfUnknownTeams_IsRefusedWithoutAStoreReadPerRequest()
    {
        var (first, second) = await TwoInstancesAsync();
        await using var a = first;
        await using var b = second;
        var store = b.Services.GetRequiredService<DirectoryStore>();
        var client = b.Ingest();
        var loadsBefore = store.Loads;
        var clock = Stopwatch.StartNew();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => AuthorizeAsync(client, new { team = $"bogus-{i}", estimatedCost = 1m })));
        var elapsed = clock.Elapsed;

        Assert.All(answers, d => Assert.Equal("unknown-team", d.GetProperty("reason").GetString()));
        var loads = store.Loads - loadsBefore;
        // The burst, the pace over the time it took, and the one load that may be in flight at the start.
        var allowed = DirectoryStore.ReadThroughBurst + (DirectoryStore.ReadThroughsPerSecond * Math.Ceiling(elapsed.TotalSeconds)) + 1;
        Assert.InRange(loads, 1, (long)allowed);
        Assert.True(loads < 50, $"{loads} directory loads for 200 bogus requests");
    }

    private async Task<(BotFactory First, BotFactory Second)> TwoInstancesAsync()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        var first = new BotFactory(storage, prefix, time: _time);
        var second = new BotFactory(storage, prefix, time: _time);
        await AdminCalls.SeedAsync(first.Admin());
        await AdminCalls.Ok(first.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));
        // The second instance loads its snapshot now; from here on only its bound and read-through keep it honest.
        await AdminCalls.Ok(second.Admin().GetAsync("/api/v1/teams/marketing/status"));
        return (first, second);
    }

    private static Task<JsonElement> AuthorizeAsync(BotFactory bot, object body) => AuthorizeAsync(bot.Ingest(), body);

    private static async Task<JsonElement> AuthorizeAsync(HttpClient client, object body)
    {
        var response = await AdminCalls.Ok(client.PostAsJsonAsync("/api/v1/authorize", body));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
