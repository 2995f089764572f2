using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Storage.Ledger;
using Azure;
using Azure.Data.Tables;
using static AiBudgetBot.Benchmarks.IngestBenchmark;

namespace AiBudgetBot.Benchmarks;

internal sealed record AuthorizeOptions(IReadOnlyList<int> Concurrency, TimeSpan Warmup, TimeSpan Duration);

/// <summary>
/// Decision latency of <c>POST /api/v1/authorize</c> under N concurrent closed-loop callers, set
/// against the empty endpoint and the store's own ETag-conditioned update at the same N, same run.
/// </summary>
internal sealed class AuthorizeBenchmark(AuthorizeOptions options) : IBenchmark
{
    private const int SpreadPools = 10;
    private const decimal Estimate = 0.01m;

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public string Section => "Authorize";

    public string HowToRead => """
        - **Everything runs on one small machine at once** (Azurite's one Node.js thread, the host as its own
          process on loopback, the load generator); the **ratio** to the limits measured in the same run,
          at the same concurrency, is the figure to compare across runs and machines.
        - **Closed loop**: N callers, each sending its next authorize when the last answered (one
          `HttpClient`, `SocketsHttpHandler` with unlimited connections per server, so N connections).
          Every call has its own `requestId`. Calls started in the warm-up are not counted; latency is
          from send to answer, nearest-rank percentiles over every call started in the window.
          Decisions/s is calls started in the window over its length. A call counts as failed when it
          is not HTTP 200 or its decision is not the scenario's (allow, or deny on the exhausted pool).
        - **Scenarios**: *one pool*: every call on one pool-period partition, so all of them serialize on
          its one writer (up to 90 reservations per ETag-conditioned transaction); *10 pools*: call i goes
          to team i mod 10, ten partitions, ten writers; *exhausted pool*: settled spend already over the
          hard limit, so each denial is decided in memory from the writer's copy of the ledger, no write.
          As a gateway does, each allowed call's usage event (`id` = its `requestId`) follows, which settles
          its hold: a reporter task posts them in batches of up to 500 every 100 ms, outside the timed call,
          into the same partitions (so the writers commit event rows alongside the reservations). Without
          it holds pile up in the ledger row for their 10 minutes: in a run of this benchmark before the
          reporter was added, at about 5,700 unsettled holds (≈630 KiB of breakdown JSON) the row passed the
          store's 1 MB entity limit and every write to that pool failed (`EntityTooLarge`, HTTP 500).
        - **Limits**: `GET /healthz` (no store, no body) from the same client at the same N: the floor of
          HTTP and scheduling on these cores; Azurite's replace of one small entity conditioned on its
          ETag (each of the N callers its own row, one partition, straight from this process): the floor
          of a durable decision. Both measured before and after the authorize scenarios at each N; the
          limit is their mean p50/p99.
        """;

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<string> Notes => _notes;

    public IReadOnlyDictionary<string, string> HostSettings { get; private set; } = new Dictionary<string, string>();

    public async Task RunAsync(string repositoryRoot)
    {
        Progress("starting Azurite (in memory)");
        await using var azurite = await AiBudgetBot.Tests.Infrastructure.Azurite.StartPrivateAsync();
        var prefix = "a" + _run;
        HostSettings = BotServer.Settings(azurite.ConnectionString, prefix);
        Progress("starting the host (dotnet AiBudgetBot.dll, Release)");
        await using var bot = await BotServer.StartAsync(HostSettings);
        using var admin = bot.Client(BotServer.AdminKey);
        using var gateway = bot.Client(BotServer.IngestKey);
        using var anonymous = bot.Client("none");
        var service = new TableServiceClient(azurite.ConnectionString);

        // Fresh teams for each concurrency, so no scenario inherits a ledger row grown by an earlier one.
        var one = options.Concurrency.ToDictionary(n => n, n => $"c{n}one");
        var spread = options.Concurrency.ToDictionary(n => n, n => Enumerable.Range(0, SpreadPools).Select(i => $"c{n}s{i}").ToArray());
        var exhausted = options.Concurrency.ToDictionary(n => n, n => $"c{n}ex");
        Progress($"seeding prices, owner and {options.Concurrency.Count * (SpreadPools + 2) + 1} onboarded teams through the admin API");
        await SeedPricesAndOwnerAsync(admin);
        await SeedTeamsAsync(admin, ["warmup", .. one.Values, .. spread.Values.SelectMany(t => t)], 1_000_000_000m, onboard: true);
        // A pool of a tenth of a cent: one usage event (0.006 USD) settles it past its hard limit.
        await SeedTeamsAsync(admin, exhausted.Values, 0.001m, onboard: true);
        foreach (var team in exhausted.Values)
        {
            await Ok(gateway.PostAsJsonAsync("/api/v1/usage", new
            {
                id = $"{_run}-{team}-spend",
                timestamp = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                team,
                user = "user0",
                workflow = "workflow0",
                model = "gpt-4o",
                provider = "openai",
                inputTokens = 1200,
                outputTokens = 300,
                cachedInputTokens = 0,
            }));
        }

        Progress("warming up (JIT, directory snapshot, connections)");
        var sequence = 0;
        for (var i = 0; i < 200; i++)
        {
            await AuthorizeAsync(gateway, "warmup", $"{_run}-warm-{i}", allow: true);
        }

        foreach (var exhaustedTeam in exhausted.Values)
        {
            if (!await AuthorizeAsync(gateway, exhaustedTeam, $"{_run}-warm-{exhaustedTeam}", allow: false))
            {
                throw new InvalidOperationException($"{exhaustedTeam} is not denied after its pool was spent: the exhausted scenario would not measure denials.");
            }
        }

        var updates = service.GetTableClient($"{prefix}benchupdate");
        await updates.CreateIfNotExistsAsync();
        foreach (var n in options.Concurrency)
        {
            var limitsBefore = await LimitsAsync(anonymous, updates, n, "before");
            var scenarios = new List<(string Name, string Partitions, LatencySummary Latency)>();
            foreach (var (name, partitions, teams, allow) in new[]
            {
                ("one pool", "1 partition: all calls serialize on one writer", new[] { one[n] }, true),
                ($"{SpreadPools} pools", $"{SpreadPools} partitions, call i to pool i mod {SpreadPools}", spread[n], true),
                ("exhausted pool (all denied)", "1 partition, denied in memory without a write", new[] { exhausted[n] }, false),
            })
            {
                Progress($"authorize, {name}, {n} concurrent callers: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
                // As a gateway does, every allowed call reports its usage (id = requestId), which settles
                // its hold: a reporter batches them outside the timed call, so holds stay few.
                await using var reporter = new UsageReporter(gateway, _run);
                var latency = await Measure.ClosedLoopLatencyAsync(n, options.Warmup, options.Duration, async i =>
                {
                    var team = teams[i % teams.Length];
                    var requestId = $"{_run}-{n}-{name[0]}-{Interlocked.Increment(ref sequence)}";
                    var ok = await AuthorizeAsync(gateway, team, requestId, allow);
                    if (ok && allow)
                    {
                        reporter.Settle(team, requestId);
                    }

                    return ok;
                }, $"authorize {name} ×{n}");
                Progress($"  {latency}");
                await reporter.DisposeAsync();
                if (allow)
                {
                    Progress($"  usage reporter: {reporter.Reported} usage events in {reporter.Posts} POSTs settled the holds, {reporter.Failed} not accepted");
                }
                scenarios.Add((name, partitions, latency));
            }

            var limitsAfter = await LimitsAsync(anonymous, updates, n, "after");
            var healthzP50 = (limitsBefore.Healthz.P50 + limitsAfter.Healthz.P50) / 2;
            var healthzP99 = (limitsBefore.Healthz.P99 + limitsAfter.Healthz.P99) / 2;
            var updateP50 = (limitsBefore.Update.P50 + limitsAfter.Update.P50) / 2;
            var updateP99 = (limitsBefore.Update.P99 + limitsAfter.Update.P99) / 2;
            var limit =
                $"GET /healthz ×{n}: p50 {healthzP50:0.0} / p99 {healthzP99:0.0} ms ({limitsBefore.Healthz.AchievedPerSecond:0} → {limitsAfter.Healthz.AchievedPerSecond:0} /s; before p99 {limitsBefore.Healthz.P99:0.0}, after {limitsAfter.Healthz.P99:0.0}); " +
                $"Azurite ETag-conditioned replace ×{n}: p50 {updateP50:0.0} / p99 {updateP99:0.0} ms ({limitsBefore.Update.AchievedPerSecond:0} → {limitsAfter.Update.AchievedPerSecond:0} /s; before p99 {limitsBefore.Update.P99:0.0}, after {limitsAfter.Update.P99:0.0})";
            foreach (var (name, partitions, latency) in scenarios)
            {
                _figures.Add(new Figure(
                    $"Authorize, {name}, {n} concurrent callers ({partitions}; p95 {latency.P95:0.0}, max {latency.Max:0.0} ms; {latency.Count} decisions in {options.Duration.TotalSeconds:0} s, {latency.Failures} failed)",
                    $"p50 {latency.P50:0.0} / p99 {latency.P99:0.0} ms; {latency.AchievedPerSecond:0} decisions/s",
                    limit,
                    $"p50 {latency.P50 / healthzP50:0.0}× / p99 {latency.P99 / healthzP99:0.0}× the empty endpoint; p50 {latency.P50 / updateP50:0.0}× / p99 {latency.P99 / updateP99:0.0}× the store's update",
                    name.StartsWith("exhausted", StringComparison.Ordinal) ? "fast path: no store round trip" : "each allow is durable (ETag-conditioned transaction) before it is answered"));
            }

            await LedgerRowNoteAsync(service, prefix, one[n], n);
        }
    }

    /// <summary>The empty endpoint and the store's conditioned update, each at <paramref name="n"/> concurrent callers.</summary>
    private async Task<(LatencySummary Healthz, LatencySummary Update)> LimitsAsync(HttpClient anonymous, TableClient updates, int n, string when)
    {
        Progress($"limit ({when}): GET /healthz, {n} concurrent callers: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
        var healthz = await Measure.ClosedLoopLatencyAsync(n, options.Warmup, options.Duration, async _ =>
        {
            using var response = await anonymous.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }, $"healthz ×{n}");
        Progress($"  {healthz}");

        // Each caller replaces its own row on the ETag it last got back, as a partition writer replaces its ledger row.
        var partition = $"update|{n}|{when}";
        var etags = new ETag[n];
        for (var i = 0; i < n; i++)
        {
            etags[i] = (await updates.UpsertEntityAsync(Row(partition, i, 0), TableUpdateMode.Replace)).Headers.ETag ?? default;
        }

        Progress($"limit ({when}): Azurite UpdateEntity (replace, If-Match ETag), {n} concurrent callers, one row each: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
        var free = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, n));
        var update = await Measure.ClosedLoopLatencyAsync(n, options.Warmup, options.Duration, async i =>
        {
            // Call i is made by whichever caller is free: it takes a row no one else holds.
            if (!free.TryDequeue(out var row))
            {
                throw new InvalidOperationException("More store callers than rows.");
            }

            try
            {
                var response = await updates.UpdateEntityAsync(Row(partition, row, i), etags[row], TableUpdateMode.Replace);
                etags[row] = response.Headers.ETag ?? default;
                return !response.IsError;
            }
            finally
            {
                free.Enqueue(row);
            }
        }, $"store update ×{n}");
        Progress($"  {update}");
        return (healthz, update);
    }

    /// <summary>A small entity shaped like a fresh ledger row, by the bot's own mapper.</summary>
    private static TableEntity Row(string partition, int row, int version)
    {
        var entity = LedgerRowMapper.ToEntity(partition, new LedgerState("USD"));
        entity.RowKey = row.ToString("D5", CultureInfo.InvariantCulture);
        entity["Events"] = (long)version;
        return entity;
    }

    private async Task LedgerRowNoteAsync(TableServiceClient service, string prefix, string team, int n)
    {
        var ledger = service.GetTableClient(prefix + "ledger");
        await foreach (var entity in ledger.QueryAsync<TableEntity>(e => e.RowKey == LedgerKeys.LedgerRow))
        {
            if (!entity.PartitionKey.StartsWith(team + "|", StringComparison.Ordinal))
            {
                continue;
            }

            var state = LedgerRowMapper.ToState(entity);
            var bytes = Enumerable.Range(0, entity.GetInt32("BreakdownChunks") ?? 0).Sum(i => entity.GetString($"Breakdown{i}")!.Length);
            _notes.Add($"After the one-pool scenario at {n} callers its ledger row holds {state.Reservations.Count} reservations ({bytes / 1024.0:0} KiB of breakdown JSON), all rewritten by every transaction of that partition.");
            Progress($"  one-pool ledger row after ×{n}: {state.Reservations.Count} reservations, {bytes / 1024.0:0} KiB");
        }
    }

    private sealed record Answer(string Decision, string Reason);

    private static async Task<bool> AuthorizeAsync(HttpClient gateway, string team, string requestId, bool allow)
    {
        using var response = await gateway.PostAsJsonAsync("/api/v1/authorize", new
        {
            team,
            user = "user0",
            workflow = "workflow0",
            model = "gpt-4o",
            estimatedCost = Estimate,
            requestId,
        });
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var answer = await response.Content.ReadFromJsonAsync<Answer>(JsonSerializerOptions.Web);
        return answer?.Decision == (allow ? "allow" : "deny");
    }
}

/// <summary>Posts the usage event of each settled authorize, batched per team, until disposed (then drains).</summary>
internal sealed class UsageReporter : IAsyncDisposable
{
    private readonly HttpClient _gateway;
    private readonly string _run;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Team, string RequestId)> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    public UsageReporter(HttpClient gateway, string run)
    {
        _gateway = gateway;
        _run = run;
        _loop = Task.Run(LoopAsync);
    }

    public long Reported { get; private set; }

    public long Posts { get; private set; }

    public long Failed { get; private set; }

    public void Settle(string team, string requestId) => _queue.Enqueue((team, requestId));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await DrainAsync();
        }

        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        var due = new List<(string Team, string RequestId)>();
        while (_queue.TryDequeue(out var item))
        {
            due.Add(item);
        }

        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        await Task.WhenAll(due.GroupBy(d => d.Team).SelectMany(g => g.Chunk(500)).Select(async chunk =>
        {
            var events = chunk.Select(c => new
            {
                id = c.RequestId,
                timestamp = now,
                team = c.Team,
                user = "user0",
                workflow = "workflow0",
                model = "gpt-4o-mini",
                provider = "openai",
                inputTokens = 1000,
                outputTokens = 200,
                cachedInputTokens = 0,
                requestId = c.RequestId,
            }).ToArray();
            using var response = await _gateway.PostAsJsonAsync($"/api/v1/usage", events);
            var answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            var accepted = answer.ValueKind == JsonValueKind.Object ? answer.GetProperty("accepted").GetInt32() : 0;
            lock (_queue)
            {
                Posts++;
                Reported += accepted;
                Failed += events.Length - accepted;
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
