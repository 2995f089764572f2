using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Requests;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using AiBudgetBot.Tests.Teams;
using Azure.Data.Tables;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>
/// Three bot processes on one Azurite under mixed load at once: ingestion with every batch sent to two
/// instances, authorize, a chat <c>budget</c> on each, one override approved by two owners on two
/// instances, and every job run on all three. The books are exact and everything that must happen once
/// happens once: each threshold alert, each digest, each job's run per slot, the approval's decision.
/// </summary>
public sealed class ScaleOutTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string DanaAad = "aad-dana-scale";
    private const string SamAad = "aad-sam-scale";
    private const string AliceAad = "aad-alice-scale";

    [Fact]
    public async Task ThreeInstances_MixedLoad_ExactLedger_AndEverythingOnceOnly()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var hook = await WebhookReceiver.StartAsync();
        await using var teams = await BotFrameworkStandIn.StartAsync(TimeProvider.System);
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:Url"] = hook.Url,
            ["Webhooks:Secret"] = "scale-out-webhook-secret-0123456789",
            ["Outbox:SweepSeconds"] = "2",
            ["Teams:AppId"] = teams.AppId,
            ["Teams:AppPassword"] = teams.AppPassword,
            ["Teams:OpenIdMetadataUrl"] = teams.MetadataUrl,
            ["Teams:TokenEndpoint"] = teams.TokenUrl,
            ["Teams:TenantId"] = ChatTestBot.Tenant,
            ["Limits:ReviewSingleCallAbove"] = "0",
            ["Limits:ReviewUserDayAbove"] = "0",
            // No catch-up at start: the test runs the digests itself, on all three at once.
            ["Digests:CatchUpDays"] = "0",
            // Three bots, Azurite and the test share two busy cores: single Azurite calls have been seen
            // to take over 10 s here. This test is about once-only under concurrency, not timeouts.
            ["Storage:TimeoutSeconds"] = "30",
        };
        var bots = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BotProcess.StartAsync(storage, prefix, settings)));
        try
        {
            await SeedAsync(bots[0]);
            // The directory's stated bound: a change made on one instance binds the others within MaxAge.
            await Task.Delay(AiBudgetBot.Storage.Directory.DirectoryStore.MaxAge);
            var load = Stopwatch.StartNew();
            var authorizeLatencies = new ConcurrentBag<double>();
            var ingestion = IngestAsync(bots);
            var authorizes = AuthorizeAsync(bots, authorizeLatencies);
            var chats = Task.WhenAll(bots.Select(bot => ChatTestBot.SendTeamsMessageAsync(bot.Client(BotFactory.IngestKey), teams, DanaAad, "budget marketing")));
            var approval = ApproveAsync(bots, teams, storage, prefix);
            var jobs = RunEveryJobOnAllAsync(bots);
            var (sent, accepted, duplicates, unavailable) = await ingestion;
            var allowed = await authorizes;
            var loadTook = load.Elapsed;
            var chatAnswers = await chats;
            var request = await approval;
            var runs = await jobs;

            // Exact books: every unique event once, every duplicate recognized, every hold held once. A batch
            // answered 503 was sent again (as a gateway does); its events may have landed the first time,
            // so the retry may call some duplicates, but every 200 accounts for every event it carried.
            Assert.Equal((Marketing.Events + Support.Events) * 2, sent);
            Assert.Equal(sent, accepted + duplicates);
            Assert.Equal(unavailable == 0 ? Marketing.Events + Support.Events : accepted, accepted);
            Assert.Equal(Authorizes, allowed);
            var marketing = await PoolAsync(bots[1], "marketing");
            var support = await PoolAsync(bots[2], "support");
            Assert.Equal((Marketing.Events, (decimal)Marketing.Events), (marketing.GetProperty("events").GetInt32(), marketing.GetProperty("spent").GetDecimal()));
            Assert.Equal((Support.Events, (decimal)Support.Events), (support.GetProperty("events").GetInt32(), support.GetProperty("spent").GetDecimal()));

            // The chat answered on every instance, from the same books.
            Assert.All(chatAnswers, a => Assert.True(a.IsSuccessStatusCode));
            await Eventually.TrueAsync(() => teams.CallsTo("POST").Count(c => c.Body?.ToJsonString().Contains("baseline", StringComparison.Ordinal) == true) >= 3, TimeSpan.FromSeconds(30), "three budget answers");

            // One decision of two approvers on two instances.
            Assert.Equal(RequestState.Approved, request.State);
            Assert.Single(request.Decisions);
            Assert.NotNull(request.AppliedAt);

            // Each job ran at most once per slot across the three (the digests exactly once).
            foreach (var (job, answers) in runs)
            {
                output.WriteLine($"{job}: {string.Join(", ", answers.Select(a => $"{a.Slot} ran={a.Ran}"))}");
                Assert.Single(answers.Select(a => a.Slot).Distinct());
                Assert.True(answers.Count(a => a.Ran) <= 1, $"{job} ran {answers.Count(a => a.Ran)} times in one slot");
            }

            Assert.Equal(1, runs["weekly-digest"].Count(a => a.Ran));
            Assert.Equal(1, runs["monthly-review"].Count(a => a.Ran));

            // Every alert once: each threshold crossed, each digest, nothing posted twice.
            try
            {
                await hook.WaitForAsync(calls => Thresholds(calls).Contains(("marketing", Marketing.Thresholds[^1])) && Thresholds(calls).Contains(("support", Support.Thresholds[^1])) && calls.Any(c => c.Status == 200 && c.Kind == "digest"), seconds: 60);
            }
            finally
            {
                output.WriteLine("webhook: " + string.Join(" | ", hook.Calls.Select(c => $"{c.Status} {c.Json.GetProperty("id").GetString()}")));
            }

            await Task.Delay(TimeSpan.FromSeconds(5)); // two more outbox sweeps on each instance: nothing may come again
            var delivered = hook.Calls.Where(c => c.Status == 200).ToList();
            Assert.Equal(delivered.Count, delivered.Select(c => c.Json.GetProperty("id").GetString()).Distinct().Count());
            // A commit that crosses two thresholds at once says the higher one only, so the set delivered
            // depends on how batches fell; what may not vary: the highest one crossed is there, none twice,
            // none not crossed.
            var thresholds = Thresholds(delivered);
            Assert.Equal(thresholds.Count, thresholds.Distinct().Count());
            Assert.Subset(Marketing.Thresholds.Select(t => ("marketing", t)).Concat(Support.Thresholds.Select(t => ("support", t))).ToHashSet(), thresholds.ToHashSet());
            Assert.Contains(("marketing", Marketing.Thresholds[^1]), thresholds);
            Assert.Contains(("support", Support.Thresholds[^1]), thresholds);
            Assert.Single(delivered, c => c.Json.GetProperty("id").GetString()!.StartsWith("weekly-digest|", StringComparison.Ordinal));
            Assert.Equal(2, delivered.Count(c => c.Json.GetProperty("id").GetString()!.StartsWith("monthly-review|", StringComparison.Ordinal)));

            // Authorize alone, the same 90 calls spread over the three instances at once: what the ledger
            // row's ETag contention between instances costs without ingestion in the same partition.
            var quietLatencies = new ConcurrentBag<double>();
            var quiet = Stopwatch.StartNew();
            Assert.Equal(Authorizes, await AuthorizeAsync(bots, quietLatencies, "quiet"));
            var quietTook = quiet.Elapsed;
            // Decisions made from an instance's budget lease become holds at its next renewal (2 s).
            await Eventually.TrueAsync(
                async () => (await PoolAsync(bots[0], "marketing")).GetProperty("reserved").GetDecimal() == 2m * Authorizes,
                TimeSpan.FromSeconds(20),
                $"{Authorizes} holds of $2");
            var calm = quietLatencies.Order().ToList();
            output.WriteLine($"authorize only, {Authorizes} at once over 3 instances, one pool: {quietTook.TotalSeconds:0.0} s; p50 {Percentile(calm, 0.50):0} ms, p99 {Percentile(calm, 0.99):0} ms");

            var latencies = authorizeLatencies.Order().ToList();
            output.WriteLine($"3 processes, one Azurite, shared 2-core machine: {sent} event submissions ({Marketing.Events + Support.Events} unique) in batches of {BatchSize}, {unavailable} answered 503 and were resent, "
                + $"{Authorizes} authorizes, 3 chat answers, 1 approval and {runs.Count} jobs x 3 in {loadTook.TotalSeconds:0.0} s; "
                + $"ingestion {sent / loadTook.TotalSeconds:0} submissions/s; authorize p50 {Percentile(latencies, 0.50):0} ms, p99 {Percentile(latencies, 0.99):0} ms");
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
                output.WriteLine($"--- log of {bot.BaseAddress}:");
                output.WriteLine(string.Join("\n", bot.Output.Split('\n').Where(l => l.StartsWith("fail", StringComparison.Ordinal) || l.StartsWith("warn", StringComparison.Ordinal) || l.StartsWith("   ", StringComparison.Ordinal) || l.StartsWith("      ", StringComparison.Ordinal)).Take(200)));
            }
        }
    }

    private const int BatchSize = 50;
    private const int Authorizes = 90;

    private static readonly (string Team, int Events, decimal Amount, decimal[] Thresholds) Marketing = ("marketing", 800, 1000m, [50m, 75m]);
    private static readonly (string Team, int Events, decimal Amount, decimal[] Thresholds) Support = ("support", 200, 200m, [50m, 75m, 90m, 100m]);

    private static List<(string Team, decimal Threshold)> Thresholds(IEnumerable<WebhookReceiver.Received> calls) =>
        [.. calls.Where(c => c.Status == 200 && c.Kind == "threshold").Select(c => (c.Json.GetProperty("team").GetString()!, c.Json.GetProperty("threshold").GetDecimal()))];

    private static async Task SeedAsync(BotProcess bot)
    {
        var admin = bot.Client(BotFactory.AdminKey);
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", teamsAadObjectId = DanaAad, roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/sam", new { displayName = "Sam Lee", teamsAadObjectId = SamAad, roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/alice", new { displayName = "Alice Ng", teamsAadObjectId = AliceAad, roles = Array.Empty<string>() }));
        foreach (var (team, _, amount, _) in new[] { Marketing, Support })
        {
            await AdminCalls.Ok(admin.PutAsJsonAsync($"/api/v1/teams/{team}", new { name = team, owners = new[] { "dana", "sam" }, members = team == "marketing" ? new[] { "alice" } : [] }));
            await AdminCalls.Ok(admin.PutAsJsonAsync($"/api/v1/teams/{team}/pools/baseline", new { kind = "baseline", stage = "steady", amount, period = "monthly", start = "2026-01-01", softLimitPercent = 100, hardLimitPercent = 150 }));
            await AdminCalls.Ok(admin.PostAsJsonAsync($"/api/v1/teams/{team}/onboarding", new { acceptedBy = "dana" }));
        }
    }

    /// <summary>Every batch goes to two instances (a gateway's retry after a lost answer), all at once; a 503 is retried after its Retry-After.</summary>
    private static async Task<(int Sent, int Accepted, int Duplicates, int Unavailable)> IngestAsync(BotProcess[] bots)
    {
        var at = TimeProvider.System.GetUtcNow().AddMinutes(-10);
        var events = Enumerable.Range(0, Marketing.Events).Select(i => ("marketing", $"m{i}"))
            .Concat(Enumerable.Range(0, Support.Events).Select(i => ("support", $"s{i}")))
            .Select(e => new { id = e.Item2, timestamp = at, team = e.Item1, user = "alice", model = "gpt-4o", cost = 1m })
            .Chunk(BatchSize)
            .ToList();
        var unavailable = 0;
        var results = await Task.WhenAll(events.SelectMany((batch, i) => new[] { bots[i % 3], bots[(i + 1) % 3] }.Select(async bot =>
        {
            var client = bot.Client(BotFactory.IngestKey);
            client.Timeout = TimeSpan.FromSeconds(120);
            for (var attempt = 1; ; attempt++)
            {
                var response = await client.PostAsJsonAsync("/api/v1/usage", batch);
                if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < 5)
                {
                    Interlocked.Increment(ref unavailable);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2));
                    continue;
                }

                var body = await (await AdminCalls.Ok(Task.FromResult(response))).Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(body.GetProperty("rejected").GetArrayLength() == 0, body.GetRawText());
                return (batch.Length, body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32());
            }
        })));
        return (results.Sum(r => r.Item1), results.Sum(r => r.Item2), results.Sum(r => r.Item3), unavailable);
    }

    private static async Task<int> AuthorizeAsync(BotProcess[] bots, ConcurrentBag<double> latencies, string ids = "call")
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, Authorizes).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var response = await AdminCalls.Ok(bots[i % 3].Client(BotFactory.IngestKey).PostAsJsonAsync("/api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId = $"{ids}-{i}" }));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString();
        }));
        return answers.Count(a => a == "allow");
    }

    /// <summary>Alice asks on one instance; Dana and Sam approve on the other two at the same moment.</summary>
    private static async Task<BudgetRequest> ApproveAsync(BotProcess[] bots, BotFrameworkStandIn teams, string storage, string prefix)
    {
        (await ChatTestBot.SendTeamsMessageAsync(bots[0].Client(BotFactory.IngestKey), teams, AliceAad, "override $50 24h launch week")).EnsureSuccessStatusCode();
        var table = new TableServiceClient(storage).GetTableClient(prefix + "requests");
        BudgetRequest? request = null;
        await Eventually.TrueAsync(async () => (request = (await RowsAsync(table)).SingleOrDefault()) is not null, TimeSpan.FromSeconds(30), "the override request stored");
        await Task.WhenAll(
            ChatTestBot.ClickTeamsAsync(bots[1].Client(BotFactory.IngestKey), teams, DanaAad, "approve", request!.Id),
            ChatTestBot.ClickTeamsAsync(bots[2].Client(BotFactory.IngestKey), teams, SamAad, "approve", request.Id));
        return (await RowsAsync(table)).Single();
    }

    private static async Task<List<BudgetRequest>> RowsAsync(TableClient table)
    {
        var rows = new List<BudgetRequest>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                rows.Add(RequestRows.ToRequest(row));
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // Made with the first request.
        }

        return rows;
    }

    /// <summary>Every job the deployment lists, run on all three instances at the same moment.</summary>
    private static async Task<Dictionary<string, List<(string Slot, bool Ran)>>> RunEveryJobOnAllAsync(BotProcess[] bots)
    {
        var listing = await bots[0].Client(BotFactory.AdminKey).GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        var names = listing.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetString()!).ToList();
        var runs = await Task.WhenAll(names.SelectMany(job => bots.Select(async bot =>
        {
            var response = await AdminCalls.Ok(bot.Client(BotFactory.AdminKey).PostAsync($"/api/v1/admin/jobs/{job}/run", null));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (job, body.GetProperty("slot").GetString()!, body.GetProperty("ran").GetBoolean());
        })));
        return runs.GroupBy(r => r.job).ToDictionary(g => g.Key, g => g.Select(r => (r.Item2, r.Item3)).ToList());
    }

    private static async Task<JsonElement> PoolAsync(BotProcess bot, string team) =>
        (await bot.Client(BotFactory.AdminKey).GetFromJsonAsync<JsonElement>($"api/v1/teams/{team}/status")).GetProperty("pools")[0];

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
