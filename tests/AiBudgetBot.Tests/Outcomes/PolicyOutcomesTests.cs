using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Outcomes;

/// <summary>Outcomes kept in the policy file: recorded at start, audited, and not recorded again by a restart.</summary>
public sealed class PolicyOutcomesTests
{
    [Fact]
    public async Task PolicyFile_Outcomes_CountInRoi_AndARestartDoesNotRecordThemAgain()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            people:
              dana: { displayName: Dana Reyes }
            teams:
              marketing:
                name: Marketing
                owners: [dana]
                pools:
                  baseline: { kind: baseline, stage: steady, amount: 1000, period: monthly, start: "2026-01-01" }
                outcomes:
                  - { month: "2026-11", workflow: campaign-copy, metric: value, value: 4000, note: "CRM attribution" }
                  - { month: "2026-11", workflow: campaign-copy, metric: hours-saved, value: 40 }
            """);
        try
        {
            var connection = (await Azurite.SharedAsync()).ConnectionString;
            var prefix = BotFactory.NewPrefix();
            var settings = new Dictionary<string, string?> { ["Policy:Path"] = path };
            await using (var first = new BotFactory(connection, prefix, settings, new FakeTimeProvider(ChatTestBot.Now)))
            {
                var roi = await first.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/roi?month=2026-11");
                Assert.Equal(7000m, roi.GetProperty("value").GetDecimal()); // $4,000 + 40 h × $75
            }

            await using var second = new BotFactory(connection, prefix, settings, new FakeTimeProvider(ChatTestBot.Now.AddHours(1)));
            var audit = await second.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
            var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
            Assert.Equal(2, actions.Count(a => a == "outcome.record"));
            Assert.DoesNotContain("outcome.correct", actions);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
