using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Roster;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Identity;

/// <summary>
/// A team kept in the policy file with <c>membersFrom: channel</c>, served by two instances of one
/// deployment over one Azurite and the Slack stand-in: syncing at once on both writes one record,
/// audited once, and the scheduled job runs once per slot.
/// </summary>
public sealed class RosterInstancesTests
{
    [Fact]
    public async Task TwoInstancesSyncingAtOnce_KeepOneRecord_AuditOnce_AndTheJobRunsOncePerSlot()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            people:
              dana: { displayName: Dana Reyes, email: dana@contoso.com }
              bea: { displayName: Bea Lin, email: bea.lin@contoso.com }
              carl: { displayName: Carl Ortiz, email: carl.ortiz@contoso.com }
            teams:
              marketing:
                name: Marketing
                owners: [dana]
                membersFrom: channel
                channels: { slack: { channelId: C0MKT } }
                pools:
                  baseline: { kind: baseline, stage: steady, amount: 1000, period: monthly, start: "2026-01-01" }
            """);
        await using var slack = await SlackApiStandIn.StartAsync();
        slack.AddUser("U0DANA", "dana@contoso.com");
        slack.AddUser("U0BEA", "Bea.Lin@contoso.com");
        slack.AddUser("U0CARL", "carl.ortiz@contoso.com");
        slack.ChannelMembers["C0MKT"] = ["U0DANA", "U0BEA", "U0CARL"];
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Policy:Path"] = path,
                ["Slack:BotToken"] = "xoxb-roster-test",
                ["Slack:SigningSecret"] = ChatTestBot.SlackSecret,
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
                ["Slack:BotUserId"] = "U0BOT",
            };
            var storage = (await Azurite.SharedAsync()).ConnectionString;
            var prefix = BotFactory.NewPrefix();
            var time = new FakeTimeProvider(ChatTestBot.Now);
            await using var first = new BotFactory(storage, prefix, settings, time);
            await using var second = new BotFactory(storage, prefix, settings, time);
            var a = first.Admin();
            var b = second.Admin();

            var syncs = await Task.WhenAll(
                Task.Run(() => SyncAsync(a)), Task.Run(() => SyncAsync(b)), Task.Run(() => SyncAsync(a)), Task.Run(() => SyncAsync(b)));

            // Whichever wrote first, Bea and Carl joined once between them; the others found the roster already applied.
            Assert.Equal(["bea", "carl"], syncs.SelectMany(s => s.GetProperty("added").EnumerateArray().Select(e => e.GetString()!)).Order(StringComparer.Ordinal));
            Assert.All(syncs, s => Assert.Equal(["bea", "carl"], s.GetProperty("channelMembers").EnumerateArray().Select(e => e.GetString()!)));
            var team = await b.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing");
            Assert.Equal(["policy"], team.GetProperty("memberSources").GetProperty("dana").EnumerateArray().Select(e => e.GetString()!));
            Assert.Equal(["channel"], team.GetProperty("memberSources").GetProperty("bea").EnumerateArray().Select(e => e.GetString()!));
            var audit = (await a.GetFromJsonAsync<JsonElement>("/api/v1/audit")).EnumerateArray().ToList();
            Assert.Single(audit, e => e.GetProperty("action").GetString() == "team.members.sync");
            // Dana, Bea and Carl each had their Slack id learned once, however many syncs saw them.
            Assert.Equal(3, audit.Count(e => e.GetProperty("action").GetString() == "person.link" && e.GetProperty("actor").GetString() == RosterSync.Actor));

            var runs = await Task.WhenAll(RunJobAsync(a), RunJobAsync(b));
            Assert.Single(runs, r => r.GetProperty("ran").GetBoolean());
            Assert.Equal(runs[0].GetProperty("slot").GetString(), runs[1].GetProperty("slot").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<JsonElement> SyncAsync(HttpClient admin) =>
        await (await AdminCalls.Ok(admin.PostAsync("/api/v1/teams/marketing/members/sync", null))).Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> RunJobAsync(HttpClient admin) =>
        await (await AdminCalls.Ok(admin.PostAsync($"/api/v1/admin/jobs/{RosterSyncJob.JobName}/run", null))).Content.ReadFromJsonAsync<JsonElement>();
}
