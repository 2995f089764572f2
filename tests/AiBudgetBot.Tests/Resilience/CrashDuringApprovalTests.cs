using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Requests;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using AiBudgetBot.Tests.Teams;
using Azure.Data.Tables;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// Two owners approve one pending override at once, on two instances, and the instance taking one click
/// is killed (kill -9) under it: exactly one decision stands, and the override's headroom is applied once,
/// whether the dead instance got as far as writing it or the expiry job carries it out afterwards.
/// </summary>
public sealed class CrashDuringApprovalTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string DanaAad = "aad-dana-crash";
    private const string SamAad = "aad-sam-crash";
    private const string AliceAad = "aad-alice-crash";
    private const decimal Headroom = 20m;

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(150)]
    public async Task Approval_TwoOwnersClickWhileOneInstanceIsKilled_OneDecision_HeadroomAppliedOnce(int killAfterMs)
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var teams = await BotFrameworkStandIn.StartAsync(TimeProvider.System);
        var settings = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = teams.AppId,
            ["Teams:AppPassword"] = teams.AppPassword,
            ["Teams:OpenIdMetadataUrl"] = teams.MetadataUrl,
            ["Teams:TokenEndpoint"] = teams.TokenUrl,
            ["Teams:TenantId"] = ChatTestBot.Tenant,
            ["Limits:ReviewSingleCallAbove"] = "0",
            ["Limits:ReviewUserDayAbove"] = "0",
        };
        await using var b = await BotProcess.StartAsync(storage, prefix, settings);
        var a = await BotProcess.StartAsync(storage, prefix, settings);
        var admin = b.Client(BotFactory.AdminKey);
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", teamsAadObjectId = DanaAad, roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/sam", new { displayName = "Sam Lee", teamsAadObjectId = SamAad, roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/alice", new { displayName = "Alice Ng", teamsAadObjectId = AliceAad, roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana", "sam" }, members = new[] { "alice" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "steady", amount = 100m, period = "monthly", start = "2026-01-01", softLimitPercent = 100, hardLimitPercent = 100 }));
        await AdminCalls.Ok(admin.PostAsJsonAsync("/api/v1/teams/marketing/onboarding", new { acceptedBy = "dana" }));
        var spend = new { id = "spent-all", timestamp = TimeProvider.System.GetUtcNow().AddMinutes(-5), team = "marketing", user = "alice", model = "gpt-4o", cost = 100m };
        await AdminCalls.Ok(b.Client(BotFactory.IngestKey).PostAsJsonAsync("/api/v1/usage", spend));
        Assert.Equal("hard-limit-reached", (await AuthorizeAsync(b, "before")).GetProperty("reason").GetString());

        var asked = await ChatTestBot.SendTeamsMessageAsync(a.Client(BotFactory.IngestKey), teams, AliceAad, $"override ${Headroom} 24h launch week");
        asked.EnsureSuccessStatusCode();
        var requests = new TableServiceClient(storage).GetTableClient(prefix + RequestStoreTable);
        string id = "";
        await Eventually.TrueAsync(async () => (id = (await RowsAsync(requests)).SingleOrDefault()?.Id ?? "") != "", what: "the override request stored");

        // Dana clicks on A, Sam on B, at once; A is killed under Dana's click.
        var dana = Task.Run(async () =>
        {
            try
            {
                return (await ChatTestBot.ClickTeamsAsync(a.Client(BotFactory.IngestKey), teams, DanaAad, "approve", id)).ToJsonString();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return "(no answer: the instance died)";
            }
        });
        var sam = Task.Run(async () => (await ChatTestBot.ClickTeamsAsync(b.Client(BotFactory.IngestKey), teams, SamAad, "approve", id)).ToJsonString());
        await Task.Delay(killAfterMs);
        await a.KillAsync();
        await a.DisposeAsync();
        output.WriteLine($"Dana on A: {await dana}");
        output.WriteLine($"Sam on B: {await sam}");

        // After the crash: an approval the dead instance wrote but did not carry out is carried out by the
        // override-expiry job at its next slot (every few minutes); forced here, twice, on both instances, to
        // show that carrying it out again changes nothing.
        await using var restarted = await BotProcess.StartAsync(storage, prefix, settings);
        foreach (var bot in new[] { restarted, b })
        {
            var run = await (await AdminCalls.Ok(bot.Client(BotFactory.AdminKey).PostAsync("/api/v1/admin/jobs/override-expiry/run?force=true", null))).Content.ReadAsStringAsync();
            output.WriteLine($"override-expiry: {run}");
        }

        var request = (await RowsAsync(requests)).Single();
        output.WriteLine($"request {request.Id}: {request.State}, decisions: {string.Join(", ", request.Decisions.Select(d => $"{d.PersonId} {(d.Approved ? "approved" : "denied")}"))}");
        Assert.Equal(RequestState.Approved, request.State);
        Assert.Single(request.Decisions);
        Assert.Contains(request.Decisions[0].PersonId, new[] { "dana", "sam" });
        Assert.NotNull(request.AppliedAt);
        // The loser of the race (if it heard anything) was told who decided, not given a second decision.
        var approvals = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing")).EnumerateArray()
            .Count(e => e.GetProperty("action").GetString() == "request.approve");
        Assert.True(approvals <= 1, $"{approvals} approvals were recorded for one request");

        // The headroom is there once: exactly $20 of $1 calls pass, the next is denied.
        var decisions = new List<string>();
        for (var i = 0; i < Headroom + 1; i++)
        {
            var decision = await AuthorizeAsync(i % 2 == 0 ? b : restarted, $"after-{i}");
            decisions.Add(decision.GetProperty("decision").GetString() + "/" + decision.GetProperty("reason").GetString());
        }

        Assert.Equal((int)Headroom, decisions.Count(d => d == "allow/override"));
        Assert.Equal("deny/hard-limit-reached", decisions[^1]);
    }

    private const string RequestStoreTable = "requests";

    private static async Task<JsonElement> AuthorizeAsync(BotProcess bot, string requestId) =>
        await (await AdminCalls.Ok(bot.Client(BotFactory.IngestKey).PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId }))).Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<List<BudgetRequest>> RowsAsync(TableClient requests)
    {
        var rows = new List<BudgetRequest>();
        try
        {
            await foreach (var row in requests.QueryAsync<TableEntity>())
            {
                rows.Add(RequestRows.ToRequest(row));
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The table is made with the first request.
        }

        return rows;
    }
}
