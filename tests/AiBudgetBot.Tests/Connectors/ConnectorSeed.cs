using System.Net.Http.Json;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Connectors;

/// <summary>A directory for connector tests: Marketing with one steady monthly pool from <paramref name="start"/>.</summary>
public static class ConnectorSeed
{
    public static async Task SeedAsync(HttpClient admin, string start, decimal amount = 1000m)
    {
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/prices", new[]
        {
            new { model = "gpt-4o", provider = "openai", tier = "standard", inputPerMillion = 2.50m, outputPerMillion = 10.00m, cachedInputPerMillion = 1.25m, effectiveFrom = "2024-05-13" },
            new { model = "claude-sonnet-4", provider = "anthropic", tier = "standard", inputPerMillion = 3.00m, outputPerMillion = 15.00m, cachedInputPerMillion = 0.30m, effectiveFrom = "2024-05-13" },
        }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", email = "dana@contoso.com", roles = new[] { "owner" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "steady", amount, period = "monthly", start }));
    }
}
