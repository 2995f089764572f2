using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Admin;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task PoolChanges_OnTwoInstancesAtOnce_AllLand()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));
        var prefix = BotFactory.NewPrefix();
        await using var first = new BotFactory(storage, prefix, time: time);
        await using var second = new BotFactory(storage, prefix, time: time);
        await AdminCalls.SeedAsync(first.Admin());
        await AdminCalls.Ok(first.Admin().PutAsJsonAsync("/api/v1/teams/marketing/pools/launch", new { kind = "project", stage = "pilot", amount = 1000m, period = "monthly", start = "2026-01-01" }));
        var admins = new[] { first.Services.GetRequiredService<BudgetAdmin>(), second.Services.GetRequiredService<BudgetAdmin>() };

        // Six workflows routed and four raises of $10 at once, half on each instance: each a read-modify-write of one row.
        var routes = Enumerable.Range(0, 6).Select(i => admins[i % 2].UpdatePoolAsync("marketing", "launch",
            p => p! with { Workflows = [.. p.Workflows, $"wf-{i}"] }, "test", "pool.graduate", CancellationToken.None));
        var raises = Enumerable.Range(0, 4).Select(i => admins[i % 2].UpdatePoolAsync("marketing", "launch",
            p => p! with { Amount = p.Amount + new Money(10m, "USD") }, "test", "pool.increase", CancellationToken.None));
        var results = await Task.WhenAll(routes.Concat(raises));

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join(" ", r.Errors)));
        var store = second.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        var pool = (await store.CurrentAsync()).FindPool("marketing", "launch")!;
        Assert.Equal(1040m, pool.Amount.Amount);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"wf-{i}").Order(), pool.Workflows.Order());
    }
}
