using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Hosting;

/// <summary>Team changes made on two instances at once must both survive (each instance's snapshot can be seconds old).</summary>
public sealed class DirectoryConcurrencyTests
{
    [Fact]
    public async Task TeamChanges_OnTwoInstancesWithStaleSnapshots_DoNotOverwriteEachOther()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));
        var prefix = BotFactory.NewPrefix();
        await using var first = new BotFactory(storage, prefix, time: time);
        await using var second = new BotFactory(storage, prefix, time: time);
        await AdminCalls.SeedAsync(first.Admin());
        // The second instance loads its snapshot now, before the pause: from here on it is stale.
        await AdminCalls.Ok(second.Admin().GetAsync("/api/v1/teams/marketing/status"));

        await AdminCalls.Ok(first.Admin().PostAsync("/api/v1/teams/marketing/workflows/video-render/pause", null));
        await AdminCalls.Ok(second.Admin().PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));
        await AdminCalls.Ok(second.Admin().PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing EMEA", owners = new[] { "dana" } }));

        // Onboarded (the second instance's change) and still paused (the first's): both kept.
        var paused = await (await AdminCalls.Ok(first.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", workflow = "video-render", estimatedCost = 1m })))
            .Content.ReadFromJsonAsync<JsonElement>();
        var other = await (await AdminCalls.Ok(first.Ingest().PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", workflow = "copy", estimatedCost = 1m })))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("workflow-paused", paused.GetProperty("reason").GetString());
        Assert.Equal("allow", other.GetProperty("decision").GetString());
    }
}
