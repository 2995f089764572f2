using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Demo;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Playground;

/// <summary>The demo's simulator: deterministic calls through the real ingestion, counted once across restarts.</summary>
public sealed class UsageSimulatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Scenario_SameMinutes_SameEvents_AndMarketingsVideoPilotTriplesItsBill()
    {
        var calendar = PeriodCalendar.ForZone("UTC");
        var first = DemoScenario.AsOf(Now, calendar).Events(Now.AddDays(-30), Now).ToList();
        var again = DemoScenario.AsOf(Now, calendar).Events(Now.AddDays(-30), Now).ToList();
        Assert.Equal(first, again);
        Assert.Equal(first.Count, first.Select(e => e.Id).Distinct().Count());

        // A later restart (the spike "two weeks ago" moves on) never adds calls to minutes already played.
        var later = DemoScenario.AsOf(Now.AddDays(3), calendar).Events(Now.AddDays(-30), Now).Select(e => e.Id).ToHashSet();
        Assert.Subset(first.Select(e => e.Id).ToHashSet(), later);

        Assert.Equal(["engineering", "innovation", "marketing", "research", "support"], first.Select(e => e.TeamId).Distinct().Order());
        // Research: two long-context users make most of the calls.
        var research = first.Where(e => e.TeamId == "research").GroupBy(e => e.User).OrderByDescending(g => g.Count()).ToList();
        Assert.True(research.Take(2).Sum(g => g.Count()) > 0.75 * research.Sum(g => g.Count()));
        Assert.True(first.Where(e => e.TeamId == "research").Average(e => e.Tokens.Input) > 100_000);
        // Marketing's video workflow: a tenth of its rate before the spike, full rate after.
        var video = first.Where(e => e.Workflow == "video-render").ToList();
        Assert.True(video.Count(e => e.Timestamp >= Now.AddDays(-7)) > 3 * video.Count(e => e.Timestamp < Now.AddDays(-16) && e.Timestamp >= Now.AddDays(-23)));
    }

    [Fact]
    public async Task Restart_ReplaysTheSameCalls_CountsNoneTwice()
    {
        var azurite = await Azurite.SharedAsync();
        var prefix = BotFactory.NewPrefix();
        var settings = new Dictionary<string, string?>
        {
            ["Policy:Path"] = Path.Combine(Azurite.RepositoryRoot(), "config", "demo-policy.yaml"),
            ["Demo:Simulate"] = "true",
            ["Demo:ReplayDays"] = "2",
        };

        SimulatorProgress first;
        decimal spent;
        await using (var bot = new BotFactory(azurite.ConnectionString, prefix, settings, new FakeTimeProvider(Now)))
        {
            _ = bot.Server;
            first = await bot.Services.GetRequiredService<UsageSimulator>().Replayed.WaitAsync(TimeSpan.FromMinutes(2));
            spent = await SpentAsync(bot);
        }

        Assert.True(first.Accepted > 50, $"only {first.Accepted} calls in two days");
        Assert.Equal(0, first.Rejected);

        // The restarted bot replays the same window: every call is recognised, the books do not move.
        await using var again = new BotFactory(azurite.ConnectionString, prefix, settings, new FakeTimeProvider(Now));
        _ = again.Server;
        var second = await again.Services.GetRequiredService<UsageSimulator>().Replayed.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(new SimulatorProgress(0, first.Accepted, 0), second);
        Assert.Equal(spent, await SpentAsync(again));
    }

    private static async Task<decimal> SpentAsync(BotFactory bot)
    {
        var status = await bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");
        return status.GetProperty("pools").EnumerateArray().Sum(p => p.GetProperty("spent").GetDecimal());
    }
}
