using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Storage.Ledger;
using Azure;
using Azure.Data.Tables;
using static AiBudgetBot.Benchmarks.IngestBenchmark;

namespace AiBudgetBot.Benchmarks;

/// <param name="Scenario">Only the scenarios whose name starts with this (e.g. "one pool, ample"), to look into one; null: all.</param>
/// <param name="ModelCall">
/// The mean time a caller spends in its model call between an authorize and its next one (each
/// call's is spread evenly from half to one and a half of it); zero: no model call, every caller
/// authorizes again as soon as it is answered, which measures saturation, not a gateway.
/// </param>
internal sealed record AuthorizeOptions(IReadOnlyList<int> Concurrency, TimeSpan Warmup, TimeSpan Duration, TimeSpan ModelCall, string? Scenario = null);

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

    /// <summary>Gateway-shaped runs (with a model call) and saturation runs are separate sections: their figures answer different questions.</summary>
    public string Section => Paced ? "Authorize" : "Authorize at saturation";

    private bool Paced => options.ModelCall > TimeSpan.Zero;

    /// <summary>
    /// Call i's model call: from half to one and a half of the mean, spread evenly by the golden
    /// ratio's fractions, so callers drift apart instead of moving in step and every run is the same.
    /// </summary>
    private TimeSpan ModelCallOf(int i) => options.ModelCall * (0.5 + (i * 0.6180339887498949 % 1.0));

    private Func<int, TimeSpan>? Pause => Paced ? ModelCallOf : null;

    public string HowToRead => """
        - **Everything runs on one small machine at once** (Azurite's one Node.js thread, the host as its own
          process on loopback, the load generator); the **ratio** to the limits measured in the same run,
          at the same concurrency, is the figure to compare across runs and machines.
        - **Callers are a gateway's requests in flight**: N callers, each authorizing, then spending
          its model call's time (untimed; the mean is in the command, `--model-call`, each call's spread
          evenly from half to one and a half of it), then reporting usage and authorizing its next
          request — so N callers offer about N / mean model call decisions per second. With
          `--model-call 0` (section *Authorize at saturation*) every caller authorizes again as soon as
          it is answered: that measures how many decisions one host and one store partition can take,
          not what a gateway waits. One `HttpClient`, `SocketsHttpHandler` with unlimited connections
          per server, so N connections.
          Every call has its own `requestId`. Calls started in the warm-up are not counted; latency is
          from send to answer, nearest-rank percentiles over every call started in the window.
          Decisions/s is calls started in the window over its length. A call counts as failed when it
          is not HTTP 200 or its decision is not the scenario's (allow, or deny on the exhausted pool).
        - **Scenarios**, each on fresh teams: *ample headroom* (a pool of $1,000,000,000): the host decides
          from its budget lease in memory, renewing it in the background; *near the limit* ($10,000
          pools with $9,850 spent, 1.5 % left, under the 2 % below which no lease is granted): every
          call is one ETag-conditioned transaction, as before leases; *leases off*: a second host on
          the same store with `Limits__Leases__Enabled=false`, today's per-call path, at ample headroom
          (what leases save) and near the limit on pools in the same state (the figure "near the limit"
          must not be worse than: near the limit a pool's writes also carry its alert rules, so only
          pools in the same state compare); *exhausted pool*: settled spend over the
          hard limit, denied in memory from the writer's copy of the ledger. *One pool*: every call on
          one pool-period partition; *10 pools*: call i to team i mod 10.
          As a gateway does, each allowed call's usage event (`id` = its `requestId`) follows when its model
          call ends, which settles its hold: a reporter task posts them in batches of up to 500 every 100 ms,
          outside the timed call, into the same partitions (so the writers commit event rows alongside the
          reservations). Without
          it holds pile up in the ledger row for their 10 minutes: in a run of this benchmark before the
          reporter was added, at about 5,700 unsettled holds (≈630 KiB of breakdown JSON) the row passed the
          store's 1 MB entity limit and every write to that pool failed (`EntityTooLarge`, HTTP 500).
        - **The host's own time to decide**: the mean of its `aibudget_authorize_duration` histogram over the
          window (from the decision's start to its answer, inside the endpoint): what is left of the
          latency is HTTP, the API key, JSON and scheduling on the shared cores.
        - **Store writes per 1,000 decisions**: the host's own `aibudget_ledger_commits_total` (its
          Prometheus scrape, `Telemetry__Prometheus=true` on both hosts) as the timed window opens and after
          it, over the decisions the host counted meanwhile (`aibudget_authorize_decisions_total`); the
          share decided from the lease and the lease misses (`aibudget_lease_misses_total` by reason) are
          over the same window. It counts every ledger transaction of the window: authorizes, lease
          renewals and the reporter's usage commits alike (the reporter posts every 100 ms, so at low
          rates its commits dominate). *Authorize's own* is the lease writes
          (`aibudget_lease_renewals_total`) plus the allows decided per call (`path="ledger"`), per
          1,000 decisions: an upper bound, since several per-call decisions may share one transaction.
        - **Limits**: `GET /healthz` (no store, no body) from the same client at the same N, with the same
          model-call pauses between calls: the floor of HTTP and scheduling on these cores; the same again
          while the host ingests one usage event per call (the reporter's batches, into a pool no authorize
          touches; not at saturation, where it would measure an ingestion backlog): an authorize run brings
          that usage, and on two shared cores it delays every request a little, so the first ratio is
          authorize's own cost (the target's) and the second, against the idle endpoint, includes the
          ingestion around it;
          Azurite's replace of one small entity conditioned on its ETag (each of the N callers its own row,
          one partition, straight from this process): the floor of a durable decision. All three measured
          before and after the authorize scenarios at each N; the limit is their mean p50/p99.
        """;

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<string> Notes => _notes;

    public IReadOnlyDictionary<string, string> HostSettings { get; private set; } = new Dictionary<string, string>();

    public async Task RunAsync(string repositoryRoot)
    {
        Progress("starting Azurite (in memory)");
        await using var azurite = await AiBudgetBot.Tests.Infrastructure.Azurite.StartPrivateAsync();
        var prefix = "a" + _run;
        // The bot's own Prometheus scrape counts its ledger transactions: store writes per decision.
        HostSettings = new Dictionary<string, string>(BotServer.Settings(azurite.ConnectionString, prefix)) { ["Telemetry__Prometheus"] = "true" };
        Progress("starting the host (dotnet AiBudgetBot.dll, Release; budget leases on, the default)");
        await using var bot = await BotServer.StartAsync(HostSettings);
        Progress("starting a second host with budget leases off (Limits__Leases__Enabled=false): today's per-call path, same store");
        await using var perCall = await BotServer.StartAsync(new Dictionary<string, string>(HostSettings) { ["Limits__Leases__Enabled"] = "false" });
        using var admin = bot.Client(BotServer.AdminKey);
        using var gateway = bot.Client(BotServer.IngestKey);
        using var perCallGateway = perCall.Client(BotServer.IngestKey);
        using var perCallAdmin = perCall.Client(BotServer.AdminKey);
        using var anonymous = bot.Client("none");
        var service = new TableServiceClient(azurite.ConnectionString);

        // Fresh teams for each concurrency and scenario, so none inherits a ledger row grown by an earlier one.
        string[] Teams(int n, string scenario, int count) => [.. Enumerable.Range(0, count).Select(i => $"c{n}{scenario}{i}")];
        var scenarios = options.Concurrency.ToDictionary(n => n, n => new[]
        {
            new Scenario("one pool, ample headroom", "1 partition; decided from the instance's lease", Teams(n, "one", 1), true, Host.Leases),
            new Scenario($"{SpreadPools} pools, ample headroom", $"{SpreadPools} partitions, call i to pool i mod {SpreadPools}; decided from leases", Teams(n, "ten", SpreadPools), true, Host.Leases),
            new Scenario("one pool, leases off (today's per-call path)", "1 partition, Limits:Leases:Enabled=false: every call one conditioned write", Teams(n, "off", 1), true, Host.PerCall),
            new Scenario($"{SpreadPools} pools, leases off (today's per-call path)", $"{SpreadPools} partitions, leases off", Teams(n, "noff", SpreadPools), true, Host.PerCall),
            // Each near-the-limit scenario right before the leases-off one on pools in the same state
            // (near the limit, their alerts raised), which it is held against, so the machine drifts least between them.
            new Scenario("one pool, near the limit", "1 partition, 1.5 % of the soft limit left: no lease, every call one conditioned write", Teams(n, "near", 1), true, Host.Leases),
            new Scenario("one pool, near the limit, leases off", "1 partition, 1.5 % left, Limits:Leases:Enabled=false", Teams(n, "noffnear", 1), true, Host.PerCall),
            new Scenario($"{SpreadPools} pools, near the limit", $"{SpreadPools} partitions, 1.5 % left in each: per call", Teams(n, "nten", SpreadPools), true, Host.Leases),
            new Scenario($"{SpreadPools} pools, near the limit, leases off", $"{SpreadPools} partitions, 1.5 % left in each, leases off", Teams(n, "ntenoff", SpreadPools), true, Host.PerCall),
            new Scenario("exhausted pool (all denied)", "1 partition, denied in memory without a write", Teams(n, "ex", 1), false, Host.Leases),
        });
        if (options.Scenario is { } only)
        {
            scenarios = scenarios.ToDictionary(p => p.Key, p => p.Value.Where(s => s.Name.StartsWith(only, StringComparison.Ordinal)).ToArray());
            if (scenarios.Values.Any(s => s.Length == 0))
            {
                throw new ArgumentException($"No scenario's name starts with '{only}'; names start with \"one pool\", \"10 pools\" or \"exhausted pool\".");
            }
        }

        var all = scenarios.Values.SelectMany(s => s).ToList();
        Progress($"seeding prices, owner and {all.Sum(s => s.Teams.Length) + 1} onboarded teams through the admin API");
        await SeedPricesAndOwnerAsync(admin);
        await SeedTeamsAsync(admin, ["warmup", BackgroundTeam, .. all.Where(s => s.Allow && !s.Name.Contains("near", StringComparison.Ordinal)).SelectMany(s => s.Teams)], 1_000_000_000m, onboard: true);
        // Near the limit: $10,000 pools with $9,850 already spent leave $150, under the lease floor
        // (2 % of the soft limit), while the run's holds ($0.01 each, settled as they go) never use it up.
        var near = all.Where(s => s.Name.Contains("near", StringComparison.Ordinal)).SelectMany(s => s.Teams).ToArray();
        await SeedTeamsAsync(admin, near, NearAmount, onboard: true);
        await SpendAsync(gateway, near, NearAmount - NearRoom);
        // A pool of a tenth of a cent: one usage event (0.006 USD) settles it past its hard limit.
        var exhausted = all.Where(s => !s.Allow).SelectMany(s => s.Teams).ToArray();
        await SeedTeamsAsync(admin, exhausted, 0.001m, onboard: true);
        await SpendAsync(gateway, exhausted, 0.006m);

        Progress("warming up both hosts (JIT, directory snapshot, connections)");
        var sequence = 0;
        for (var i = 0; i < 200; i++)
        {
            await AuthorizeAsync(gateway, "warmup", $"{_run}-warm-{i}", allow: true);
            await AuthorizeAsync(perCallGateway, "warmup", $"{_run}-pwarm-{i}", allow: true);
        }

        foreach (var exhaustedTeam in exhausted)
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
            var limitsBefore = await LimitsAsync(anonymous, gateway, updates, n, "before");
            var results = new List<(Scenario Scenario, LatencySummary Latency, double WritesPerThousand, double OwnPerThousand, double Conflicts, double FromLease, string Misses, double DecidingMicros)>();
            foreach (var scenario in scenarios[n])
            {
                var (client, scrape) = scenario.Host == Host.Leases ? (gateway, admin) : (perCallGateway, perCallAdmin);
                Progress($"authorize, {scenario.Name}, {n} concurrent callers: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
                // As a gateway does, every allowed call reports its usage (id = requestId), which settles
                // its hold: a reporter batches them outside the timed call, so holds stay few.
                await using var reporter = new UsageReporter(client, _run);
                // The host's counters as the timed window opens (the warm-up's first grants and misses are not the figure).
                var before = WindowStartCountersAsync(scrape);
                var latency = await Measure.ClosedLoopLatencyAsync(n, options.Warmup, options.Duration, async i =>
                {
                    var team = scenario.Teams[i % scenario.Teams.Length];
                    var requestId = $"{_run}-{n}-{scenario.Teams[0]}-{Interlocked.Increment(ref sequence)}";
                    var ok = await AuthorizeAsync(client, team, requestId, scenario.Allow);
                    if (ok && scenario.Allow)
                    {
                        reporter.Settle(team, requestId, Paced ? ModelCallOf(i) : TimeSpan.Zero);
                    }

                    return ok;
                }, $"authorize {scenario.Name} ×{n}", Pause);
                var after = await CountersAsync(scrape);
                var windowStart = await before;
                var decisions = after.Decisions - windowStart.Decisions;
                var writes = (after.Commits - windowStart.Commits) * 1000.0 / Math.Max(1, decisions);
                // Authorize's own writes: each lease write, and each decision written per call (several may share a transaction, so an upper bound).
                var own = (after.LeaseWrites - windowStart.LeaseWrites + after.PerCall - windowStart.PerCall) * 1000.0 / Math.Max(1, decisions);
                var fromLease = (after.Leased - windowStart.Leased) * 100.0 / Math.Max(1, decisions);
                var deciding = (after.DecidingSeconds - windowStart.DecidingSeconds) * 1e6 / Math.Max(1, decisions);
                Progress($"  {latency}; {writes:0.0} ledger transactions per 1,000 decisions, authorize's own at most {own:0.0} ({after.Conflicts - windowStart.Conflicts:0} ETag conflicts); {fromLease:0.0} % decided from the lease; lease misses in the window: {Misses(windowStart, after)}; the host's own time to decide: mean {deciding:0} µs");
                await reporter.DisposeAsync();
                if (scenario.Allow)
                {
                    Progress($"  usage reporter: {reporter.Reported} usage events in {reporter.Posts} POSTs settled the holds, {reporter.Failed} not accepted");
                }

                results.Add((scenario, latency, writes, own, after.Conflicts - windowStart.Conflicts, fromLease, Misses(windowStart, after), deciding));
            }

            var limitsAfter = await LimitsAsync(anonymous, gateway, updates, n, "after");
            var healthz = Mean(limitsBefore.Healthz, limitsAfter.Healthz);
            var busy = limitsBefore.Busy is { } busyBefore && limitsAfter.Busy is { } busyAfter ? Mean(busyBefore, busyAfter) : ((double P50, double P99)?)null;
            var update = Mean(limitsBefore.Update, limitsAfter.Update);
            var limit =
                $"GET /healthz ×{n}: p50 {healthz.P50:0.0} / p99 {healthz.P99:0.0} ms (before p99 {limitsBefore.Healthz.P99:0.0}, after {limitsAfter.Healthz.P99:0.0}); " +
                (busy is { } taking ? $"the same while the host takes the same usage: p50 {taking.P50:0.0} / p99 {taking.P99:0.0} ms (before p99 {limitsBefore.Busy!.P99:0.0}, after {limitsAfter.Busy!.P99:0.0}); " : "") +
                $"Azurite ETag-conditioned replace ×{n}: p50 {update.P50:0.0} / p99 {update.P99:0.0} ms";
            foreach (var (scenario, latency, writes, own, conflicts, fromLease, misses, deciding) in results)
            {
                _figures.Add(new Figure(
                    $"Authorize, {scenario.Name}, {n} concurrent callers ({scenario.Partitions}; p95 {latency.P95:0.0}, max {latency.Max:0.0} ms; {latency.Count} decisions in {options.Duration.TotalSeconds:0} s, {latency.Failures} failed)",
                    $"p50 {latency.P50:0.0} / p99 {latency.P99:0.0} ms (the host's own time to decide: mean {deciding:0} µs); {latency.AchievedPerSecond:0} decisions/s; {writes:0.0} ledger transactions per 1,000 decisions, authorize's own ≤ {own:0.0} ({conflicts:0} ETag conflicts); {fromLease:0.0} % decided from the lease{(scenario.Host == Host.Leases && scenario.Allow ? $" (misses: {misses})" : "")}",
                    limit,
                    Ratio(latency, healthz, busy),
                    Target(scenario, latency, results)));
            }

            await LedgerRowNoteAsync(service, prefix, scenarios[n][0].Teams[0], n);
        }
    }

    /// <summary>
    /// Against the empty endpoint taking the same usage (authorize's own cost, the target's) when
    /// it was measured, and against the idle one.
    /// </summary>
    private static string Ratio(LatencySummary latency, (double P50, double P99) idle, (double P50, double P99)? busy)
    {
        var toIdle = $"p50 {latency.P50 / idle.P50:0.00}× / p99 {latency.P99 / idle.P99:0.00}× the idle empty endpoint";
        return busy is { } taking
            ? $"p50 {latency.P50 / taking.P50:0.00}× / p99 {latency.P99 / taking.P99:0.00}× the empty endpoint taking the same usage; {toIdle}"
            : toIdle;
    }

    /// <summary>A limit's figure: the mean of its p50 and p99 measured before and after the scenarios.</summary>
    private static (double P50, double P99) Mean(LatencySummary before, LatencySummary after) =>
        ((before.P50 + after.P50) / 2, (before.P99 + after.P99) / 2);

    /// <summary>The pool the empty endpoint's background usage goes to: no authorize touches it.</summary>
    private const string BackgroundTeam = "background";

    private const decimal NearAmount = 10_000m;
    private const decimal NearRoom = 150m;

    private enum Host
    {
        Leases,
        PerCall,
    }

    private sealed record Scenario(string Name, string Partitions, string[] Teams, bool Allow, Host Host);

    /// <summary>The targets: ample headroom within 1.5× the empty endpoint; near the limit no worse than the per-call path.</summary>
    private static string Target(Scenario scenario, LatencySummary latency, List<(Scenario Scenario, LatencySummary Latency, double, double, double, double, string, double)> results)
    {
        if (!scenario.Allow)
        {
            return "fast path: no store round trip";
        }

        if (scenario.Host == Host.PerCall)
        {
            return "each allow is durable (ETag-conditioned transaction) before it is answered";
        }

        var spread = scenario.Teams.Length > 1;
        if (scenario.Name.Contains("ample", StringComparison.Ordinal))
        {
            var off = results.FirstOrDefault(r => r.Scenario.Host == Host.PerCall && !r.Scenario.Name.Contains("near", StringComparison.Ordinal) && r.Scenario.Teams.Length > 1 == spread).Latency;
            return "target: p50 and p99 within 1.5× the empty endpoint" + (off is null ? "" : $"; leases off on pools alike: p50 {off.P50:0.0} / p99 {off.P99:0.0} ms");
        }

        var baseline = results.FirstOrDefault(r => r.Scenario.Host == Host.PerCall && r.Scenario.Name.Contains("near", StringComparison.Ordinal) && r.Scenario.Teams.Length > 1 == spread).Latency;
        return baseline is null
            ? "target: no worse than the per-call path"
            : $"target: no worse than the per-call path: p50 {latency.P50 / baseline.P50:0.00}× / p99 {latency.P99 / baseline.P99:0.00}× leases off near the limit";
    }

    /// <summary>The host's ledger transactions and ETag conflicts so far, from its Prometheus scrape.</summary>
    private static async Task<Counts> CountersAsync(HttpClient admin)
    {
        // The exporter caches a scrape for a moment; a fresh one follows that.
        await Task.Delay(ScrapeWait);
        var scrape = await admin.GetStringAsync("/metrics");
        double Value(string metric, params string[] labels) => AiBudgetBot.Tests.Telemetry.PrometheusText.Value(scrape, metric, labels) ?? 0;
        return new Counts(
            Value("aibudget_ledger_commits_total"),
            Value("aibudget_ledger_conflicts_total"),
            Value("aibudget_authorize_decisions_total", "path=\"lease\""),
            Value("aibudget_authorize_decisions_total"),
            // Allowed against the row: each a hold written (a denial there is made from the writer's copy, unwritten).
            Value("aibudget_authorize_decisions_total", "path=\"ledger\"", "decision=\"allow\""),
            Value("aibudget_lease_renewals_total"),
            Value("aibudget_authorize_duration_seconds_sum"),
            MissReasons.ToDictionary(r => r, r => Value("aibudget_lease_misses_total", $"reason=\"{r}\"")));
    }

    /// <summary>Counters as the timed window opens: a scrape started so that it lands when the warm-up ends.</summary>
    private async Task<Counts> WindowStartCountersAsync(HttpClient admin)
    {
        await Task.Delay(options.Warmup - ScrapeWait);
        return await CountersAsync(admin);
    }

    /// <summary>Lease misses between two scrapes, by reason (only those that happened).</summary>
    private static string Misses(Counts from, Counts to)
    {
        var happened = to.Misses.Where(m => m.Value > from.Misses[m.Key]).Select(m => $"{m.Key} {m.Value - from.Misses[m.Key]:0}").ToList();
        return happened.Count == 0 ? "none" : string.Join(", ", happened);
    }

    private static readonly TimeSpan ScrapeWait = TimeSpan.FromMilliseconds(400);

    private static readonly string[] MissReasons = ["no-lease", "recalled", "expired", "short", "unflushed"];

    /// <summary>Counters from one scrape: ledger transactions, ETag conflicts, decisions from the lease, all decisions, decisions written per call, lease writes, lease misses by reason.</summary>
    private sealed record Counts(double Commits, double Conflicts, double Leased, double Decisions, double PerCall, double LeaseWrites, double DecidingSeconds, Dictionary<string, double> Misses);

    /// <summary>One usage event of <paramref name="cost"/> per team: spend already in the pool before the run.</summary>
    private async Task SpendAsync(HttpClient gateway, IEnumerable<string> teams, decimal cost)
    {
        foreach (var team in teams)
        {
            await Ok(gateway.PostAsJsonAsync("/api/v1/usage", new
            {
                id = $"{_run}-{team}-spend",
                timestamp = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                team,
                user = "user0",
                workflow = "workflow0",
                model = "gpt-4o",
                cost,
            }));
        }
    }

    /// <summary>
    /// The empty endpoint (idle, then while the host takes the usage an authorize run brings) and
    /// the store's conditioned update, each at <paramref name="n"/> concurrent callers.
    /// </summary>
    private async Task<(LatencySummary Healthz, LatencySummary? Busy, LatencySummary Update)> LimitsAsync(HttpClient anonymous, HttpClient gateway, TableClient updates, int n, string when)
    {
        Progress($"limit ({when}): GET /healthz, {n} concurrent callers: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
        var healthz = await Measure.ClosedLoopLatencyAsync(n, options.Warmup, options.Duration, async _ =>
        {
            using var response = await anonymous.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }, $"healthz ×{n}", Pause);
        Progress($"  {healthz}");

        var busy = Paced ? await HealthzTakingUsageAsync(anonymous, gateway, n, when) : null;

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
        }, $"store update ×{n}", Pause);
        Progress($"  {update}");
        return (healthz, busy, update);
    }

    /// <summary>
    /// The empty endpoint while the host ingests one usage event per call, batched as the authorize
    /// runs' reporter batches them, into a pool no authorize touches. An authorize run makes the host
    /// ingest each call's usage too, on the same cores: this separates authorize's own cost from the
    /// ingestion around it. Not at saturation (no model call): there the endpoint answers thousands
    /// of calls a second, more usage than one host ingests, and this would measure a backlog.
    /// </summary>
    private async Task<LatencySummary> HealthzTakingUsageAsync(HttpClient anonymous, HttpClient gateway, int n, string when)
    {
        Progress($"limit ({when}): GET /healthz while the host takes each call's usage event, {n} concurrent callers: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
        await using var reporter = new UsageReporter(gateway, _run);
        var busy = await Measure.ClosedLoopLatencyAsync(n, options.Warmup, options.Duration, async i =>
        {
            using var response = await anonymous.GetAsync("/healthz");
            reporter.Settle(BackgroundTeam, $"{_run}-bg-{n}-{when}-{i}", ModelCallOf(i));
            return response.IsSuccessStatusCode;
        }, $"healthz with usage ×{n}", Pause);
        Progress($"  {busy}");
        return busy;
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
        // As a gateway sends it: a small JSON body with its Content-Length. (PostAsJsonAsync streams
        // it chunked, so the host reads headers, body and the last chunk as separate pieces: an extra
        // wake-up per call that the empty endpoint, a GET, never pays, and a gateway does not either.)
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            team,
            user = "user0",
            workflow = "workflow0",
            model = "gpt-4o",
            estimatedCost = Estimate,
            requestId,
        }, JsonSerializerOptions.Web);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await gateway.PostAsync("/api/v1/authorize", content);
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
    private int _inModelCall;

    public UsageReporter(HttpClient gateway, string run)
    {
        _gateway = gateway;
        _run = run;
        _loop = Task.Run(LoopAsync);
    }

    public long Reported { get; private set; }

    public long Posts { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Reports the call's usage once its model call is over, <paramref name="after"/> from now.</summary>
    public void Settle(string team, string requestId, TimeSpan after)
    {
        if (after <= TimeSpan.Zero)
        {
            _queue.Enqueue((team, requestId));
            return;
        }

        Interlocked.Increment(ref _inModelCall);
        _ = Task.Delay(after).ContinueWith(_ =>
        {
            _queue.Enqueue((team, requestId));
            Interlocked.Decrement(ref _inModelCall);
        }, TaskScheduler.Default);
    }

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

        // The calls still in their model call report too, as a gateway's would.
        while (Volatile.Read(ref _inModelCall) > 0)
        {
            await Task.Delay(50);
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
