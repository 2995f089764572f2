using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Storage.Ledger;
using Azure.Data.Tables;

namespace AiBudgetBot.Benchmarks;

internal sealed record IngestOptions(int Events, int BatchSize, IReadOnlyList<int> Partitions, int Rounds, int Rate, TimeSpan LatencyDuration, string? Out);

/// <summary>One line of the report: a figure, the limit it is set against (same run), and their ratio.</summary>
internal sealed record Figure(string Name, string Value, string Limit, string Ratio, string Note = "");

/// <summary>
/// Durable ingestion over HTTP set against what the store itself takes, in one run, on one machine:
/// the store's raw batched-insert rate, an empty endpoint, and single-event latency at a fixed rate.
/// </summary>
internal sealed class IngestBenchmark(IngestOptions options) : IBenchmark
{
    private const int Users = 200;
    private const int Workflows = 10;
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini"];

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];
    private readonly List<double> _ingestionRates = [];
    private int _sequence;

    public string Section => "Ingestion";

    public string HowToRead => """
        - **Everything runs on one small machine at once**: Azurite (one Node.js thread), the host
          (`dotnet AiBudgetBot.dll`, a separate process, real Kestrel on loopback) and the load generator
          share the cores. Absolute numbers move from run to run and machine to machine; the **ratio** to
          the limit measured minutes apart in the same run is the figure to compare.
        - **Raw store rate**: Azure.Data.Tables entity-group transactions of 100 inserts, one sequential
          stream per partition, entities made by the bot's own `EventRowMapper`. It is measured just
          before and just after each ingestion run (into fresh tables) and the mean is the limit; the two
          show how much the store drifted meanwhile (in-memory Azurite slows as it holds more rows).
        - **Durable ingestion**: accepted events per second over HTTP, counting only events whose POST
          answered 200 (the bot answers only once the event row and the ledger row are committed). Each
          POST carries events of one team; teams map to distinct pool-period partitions. Its transactions
          carry at most 99 events plus the ledger row (the breakdown by workflow, model, tier and user
          rewritten each time), so 100 % of raw is not reachable: 99 % is the row-count ceiling before any cost.
        - **Empty endpoint**: `GET /healthz` from the same client, the floor of per-request HTTP cost.
        - **Latency**: open loop (a request is due every 1/rate s whether or not earlier ones are done),
          each request timed from when it was due, so stalls count (no coordinated omission). Percentiles
          are nearest-rank over all requests of the window after a 3 s warm-up. The store's own
          single-insert latency and the empty endpoint's, at the same rate, are its floor.
        """;

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<string> Notes => _notes;

    public IReadOnlyDictionary<string, string> HostSettings { get; private set; } = new Dictionary<string, string>();

    public async Task RunAsync(string repositoryRoot)
    {
        Progress("starting Azurite (in memory)");
        await using var azurite = await AiBudgetBot.Tests.Infrastructure.Azurite.StartPrivateAsync();
        var prefix = "b" + _run;
        HostSettings = BotServer.Settings(azurite.ConnectionString, prefix);
        Progress("starting the host (dotnet AiBudgetBot.dll, Release)");
        await using var bot = await BotServer.StartAsync(HostSettings);
        using var admin = bot.Client(BotServer.AdminKey);
        using var ingest = bot.Client(BotServer.IngestKey);
        using var anonymous = bot.Client("none");
        var service = new TableServiceClient(azurite.ConnectionString);
        // Fresh teams (so fresh pool-period partitions) for every phase, each warmed up just before
        // it is measured: no phase inherits a partition that sat idle during an earlier one.
        var phases = options.Partitions.ToDictionary(p => p, p => Enumerable.Range(0, p).Select(i => $"p{p}t{i}").ToArray());
        const string warmup = "warmup", latency = "latency";
        string[] teams = [warmup, latency, .. phases.Values.SelectMany(t => t)];

        Progress($"seeding prices and {teams.Length} teams through the admin API");
        await SeedAsync(admin, teams);

        Progress("warming up (JIT, connections)");
        for (var i = 0; i < 4; i++)
        {
            await PostAsync(ingest, Body(warmup, 100));
        }

        await RawBatchedAsync(service, "warm", 1, 1_000);

        foreach (var partitions in options.Partitions)
        {
            var senders = Math.Max(4, 2 * partitions);
            foreach (var team in phases[partitions])
            {
                await PostAsync(ingest, Body(team, 50));
            }

            // Raw and ingestion alternate in short rounds, each ingestion round set against the raw
            // rounds either side of it, so a neighbour's load on this shared machine hits both.
            var perRound = options.Events / options.Rounds;
            var raws = new List<double> { await RawBatchedAsync(service, $"raw{partitions}r0", partitions, perRound) };
            var rates = new List<double>();
            var ratios = new List<double>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                rates.Add(await IngestHttpAsync(ingest, phases[partitions], senders, perRound));
                raws.Add(await RawBatchedAsync(service, $"raw{partitions}r{round}", partitions, perRound));
                ratios.Add(rates[^1] / ((raws[^2] + raws[^1]) / 2));
            }

            _ingestionRates.Add(Median(rates));
            _figures.Add(new Figure(
                $"Durable ingestion, {partitions} pool(s), {senders} senders × {options.BatchSize}-event POSTs (median of {options.Rounds} rounds of {perRound} events: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))})",
                $"{Median(rates):0} events/s",
                $"Azurite raw 100-insert transactions into {partitions} partition(s), {partitions} stream(s), before/between/after the rounds: median {Median(raws):0} entities/s ({string.Join(", ", raws.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))})",
                $"{Median(ratios):P0} (rounds: {string.Join(", ", ratios.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))})",
                "target ≥ 70 %"));
            if (partitions == 1)
            {
                var shaped = await RawBotShapedAsync(service, "shaped", perRound);
                var next = await RawBatchedAsync(service, "raw1after", 1, perRound);
                var limit = (raws[^1] + next) / 2;
                _figures.Add(new Figure(
                    "Store only, bot-shaped transactions (99 event inserts + ledger row replace on ETag), 1 stream, no host",
                    $"{shaped:0} events/s",
                    $"Azurite raw 100-insert transactions, 1 partition, just before and after: {limit:0} entities/s ({raws[^1]:0}, {next:0})",
                    $"{shaped / limit:P0}",
                    "what the ledger row itself costs the store"));
            }
        }

        if (_ingestionRates.Count > 0)
        {
            var healthzWorkers = 8;
            Progress($"empty endpoint: GET /healthz, {healthzWorkers} callers, 5 s");
            var healthz = await Measure.ClosedLoopAsync(healthzWorkers, TimeSpan.FromSeconds(5), async () =>
            {
                using var response = await anonymous.GetAsync("/healthz");
                response.EnsureSuccessStatusCode();
            });
            Progress($"  {healthz:0} requests/s");
            _figures.Add(new Figure(
                $"Empty endpoint GET /healthz, {healthzWorkers} callers (HTTP overhead context)",
                $"{healthz:0} requests/s",
                $"ingestion needs {_ingestionRates.Max() / options.BatchSize:0.0} requests/s at {options.BatchSize} events/request",
                $"{_ingestionRates.Max() / options.BatchSize / healthz:P2} of the empty endpoint's rate",
                "HTTP per-request cost is not what limits batched ingestion"));
        }

        await LatencyAsync(ingest, anonymous, service, latency);
    }

    private async Task LatencyAsync(HttpClient ingest, HttpClient anonymous, TableServiceClient service, string team)
    {
        var rate = options.Rate;
        var seconds = options.LatencyDuration;

        Progress($"single-event latency: warm-up 3 s at {rate}/s");
        await Measure.OpenLoopAsync(rate, TimeSpan.FromSeconds(3), async _ => await PostOneAsync(ingest, Body(team, 1)));

        Progress($"single-event latency: POST /api/v1/usage, one event each, open loop {rate}/s for {seconds.TotalSeconds:0} s");
        var bot = await Measure.OpenLoopAsync(rate, seconds, async _ => await PostOneAsync(ingest, Body(team, 1)));
        Progress($"  {bot}");

        // One caller, one event at a time: the service time of a POST with no other request queued.
        var sequential = new List<double>();
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < 400; i++)
        {
            var start = timer.Elapsed;
            await PostOneAsync(ingest, Body(team, 1));
            sequential.Add((timer.Elapsed - start).TotalMilliseconds);
        }

        var alone = LatencySummary.Of(sequential, 0, timer.Elapsed);
        Progress($"  one caller, sequential single-event POSTs: {alone}");

        Progress($"raw single insert: Azurite AddEntity, open loop {rate}/s for 10 s");
        var table = service.GetTableClient($"{"b" + _run}rawsingle");
        await table.CreateIfNotExistsAsync();
        var partition = $"{team}|baseline|raw";
        await table.AddEntityAsync(RawEntity(partition));
        var raw = await Measure.OpenLoopAsync(rate, TimeSpan.FromSeconds(10), async _ =>
        {
            var response = await table.AddEntityAsync(RawEntity(partition));
            return !response.IsError;
        });
        Progress($"  {raw}");

        // What one commit of the partition writer costs the store, by ledger-row size: the floor under
        // single-event latency, since each single event rides a transaction that rewrites the ledger row.
        var shapedCosts = new List<string>();
        var shapedP50 = new List<double>();
        foreach (var users in new[] { 1, Users, 10 * Users })
        {
            var (kib, cost) = await ShapedCommitAsync(service, users, 400);
            Progress($"  store only, 1 insert + ledger row ({users} users, breakdown {kib:0.0} KiB), sequential: {cost}");
            shapedP50.Add(cost.P50);
            shapedCosts.Add($"{users} users ({kib:0.0} KiB): p50 {cost.P50:0.0} / p99 {cost.P99:0.0} ms");
        }

        var (_, single) = await ShapedCommitAsync(service, 0, 400);
        Progress($"  store only, 1 insert, sequential: {single}");

        Progress($"empty endpoint latency: GET /healthz, open loop {rate}/s for 10 s");
        var empty = await Measure.OpenLoopAsync(rate, TimeSpan.FromSeconds(10), async _ =>
        {
            using var response = await anonymous.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        });
        Progress($"  {empty}");

        _figures.Add(new Figure(
            $"Single-event POST latency p99, open loop {rate}/s, {seconds.TotalSeconds:0} s (p50 {bot.P50:0.0}, p95 {bot.P95:0.0}, max {bot.Max:0.0} ms; achieved {bot.AchievedPerSecond:0}/s, {bot.Failures} failed)",
            $"{bot.P99:0.0} ms",
            $"Azurite single AddEntity p99 at {rate}/s: {raw.P99:0.0} ms (p50 {raw.P50:0.0}); GET /healthz p99 at {rate}/s: {empty.P99:0.0} ms (p50 {empty.P50:0.0})",
            $"{bot.P99 / raw.P99:0.0}× the store's p99; {bot.P99 / (raw.P99 + empty.P99):0.0}× store + empty endpoint",
            "target < 20 ms"));
        _figures.Add(new Figure(
            "Single-event POST, one caller, sequential (service time with nothing queued)",
            $"p50 {alone.P50:0.0} / p99 {alone.P99:0.0} ms",
            $"Azurite single AddEntity, sequential: p50 {single.P50:0.0} / p99 {single.P99:0.0} ms",
            $"{alone.P50 / single.P50:0.0}× at p50",
            "context for the open-loop figure"));
        _figures.Add(new Figure(
            "Store only: one partition-writer commit (1 event insert + ledger row replace on ETag), sequential, by breakdown size",
            string.Join("; ", shapedCosts),
            $"Azurite single AddEntity, sequential: p50 {single.P50:0.0} / p99 {single.P99:0.0} ms",
            $"p50 at {10 * Users} users is {shapedP50[^1] / shapedP50[1]:0.0}× that at {Users}; {shapedP50[1] / single.P50:0.0}× a bare insert at {Users}",
            "the floor under single-event latency; grows with the ledger row"));
    }

    /// <summary>
    /// Sequential commits shaped like the partition writer's for one event: an insert plus the ledger
    /// row, whose breakdown holds <paramref name="users"/> users (0: the insert alone, no ledger row).
    /// </summary>
    private async Task<(double Kib, LatencySummary Cost)> ShapedCommitAsync(TableServiceClient service, int users, int commits)
    {
        var table = service.GetTableClient($"{"b" + _run}commit{users}");
        await table.CreateIfNotExistsAsync();
        var partition = $"commit|{users}|2026-12";
        var state = new LedgerState("USD");
        for (var u = 0; u < users; u++)
        {
            state.Count(RawEvent() with { Event = RawEvent().Event with { User = $"user{u}" } });
        }

        var ledger = LedgerRowMapper.ToEntity(partition, state);
        var kib = ledger.Where(p => p.Key.StartsWith("Breakdown", StringComparison.Ordinal) && p.Value is string).Sum(p => ((string)p.Value).Length) / 1024.0;
        var etag = users > 0 ? (await table.AddEntityAsync(ledger)).Headers.ETag ?? default : default;
        var times = new List<double>(commits);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commits; i++)
        {
            var counted = RawEvent() with { Event = RawEvent().Event with { User = users > 0 ? $"user{i % users}" : "user0" } };
            var row = EventRowMapper.ToEntity(partition, counted, Guid.NewGuid().ToString("N"));
            var start = clock.Elapsed;
            if (users == 0)
            {
                await table.AddEntityAsync(row);
            }
            else
            {
                state.Count(counted);
                var response = await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, row),
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, LedgerRowMapper.ToEntity(partition, state), etag),
                ]);
                etag = response.Value[^1].Headers.ETag ?? default;
            }

            times.Add((clock.Elapsed - start).TotalMilliseconds);
        }

        return (kib, LatencySummary.Of(times, 0, clock.Elapsed));
    }

    private async Task<double> RawBatchedAsync(TableServiceClient service, string name, int partitions, int events)
    {
        var table = service.GetTableClient($"{"b" + _run}{name}");
        await table.CreateIfNotExistsAsync();
        var perPartition = events / partitions;
        var batches = Enumerable.Range(0, partitions)
            .Select(p => Enumerable.Range(0, perPartition)
                .Select(_ => new TableTransactionAction(TableTransactionActionType.Add, RawEntity($"raw{p}|baseline|2026-12")))
                .Chunk(100)
                .ToArray())
            .ToArray();
        if (name != "warm")
        {
            Progress($"raw store: {perPartition * partitions} entities in 100-insert transactions, {partitions} partition(s), one stream each");
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(batches.Select(async stream =>
        {
            foreach (var transaction in stream)
            {
                await table.SubmitTransactionAsync(transaction);
            }
        }));
        var rate = perPartition * partitions / clock.Elapsed.TotalSeconds;
        if (name != "warm")
        {
            Progress($"  {rate:0} entities/s ({clock.Elapsed.TotalSeconds:0.0} s)");
        }

        return rate;
    }

    /// <summary>
    /// The store's rate for the bot's own transaction shape, written straight from this process:
    /// 99 event inserts plus the pool's ledger row (breakdown included) replaced on its ETag, one
    /// stream. Between the raw rate and ingestion, it separates the store's cost of the ledger row
    /// from the cost of the host (HTTP, JSON, evaluation, its own client) on the shared cores.
    /// </summary>
    private async Task<double> RawBotShapedAsync(TableServiceClient service, string name, int events)
    {
        var table = service.GetTableClient($"{"b" + _run}{name}");
        await table.CreateIfNotExistsAsync();
        const string partition = "shaped|baseline|2026-12";
        var state = new LedgerState("USD");
        var transactions = new List<List<TableTransactionAction>>();
        for (var done = 0; done < events; done += PartitionWriter.MaxOperations)
        {
            var actions = new List<TableTransactionAction>(PartitionWriter.MaxOperations + 1);
            for (var i = 0; i < Math.Min(PartitionWriter.MaxOperations, events - done); i++)
            {
                var counted = RawEvent();
                state.Count(counted);
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EventRowMapper.ToEntity(partition, counted, Guid.NewGuid().ToString("N"))));
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, LedgerRowMapper.ToEntity(partition, state)));
            transactions.Add(actions);
        }

        var ledgerBytes = System.Text.Encoding.UTF8.GetByteCount(string.Concat(((TableEntity)transactions[^1][^1].Entity).Where(p => p.Key.StartsWith("Breakdown", StringComparison.Ordinal) && p.Value is string).Select(p => (string)p.Value)));
        Progress($"raw store, bot-shaped: {events} entities as 99 inserts + the ledger row (breakdown {ledgerBytes / 1024.0:0.0} KiB) per transaction, 1 stream");
        var etag = default(Azure.ETag);
        var clock = Stopwatch.StartNew();
        foreach (var actions in transactions)
        {
            if (etag != default)
            {
                // Conditioned on the ledger row's ETag, as the partition writer does.
                actions[^1] = new TableTransactionAction(TableTransactionActionType.UpdateReplace, actions[^1].Entity, etag);
            }

            var response = await table.SubmitTransactionAsync(actions);
            etag = response.Value[^1].Headers.ETag ?? default;
        }

        var rate = events / clock.Elapsed.TotalSeconds;
        Progress($"  {rate:0} events/s ({clock.Elapsed.TotalSeconds:0.0} s)");
        return rate;
    }

    private async Task<double> IngestHttpAsync(HttpClient ingest, string[] teams, int senders, int events)
    {
        var requests = events / options.BatchSize;
        Progress($"ingestion: {requests * options.BatchSize} events as {requests} POSTs of {options.BatchSize} over {teams.Length} pool(s), {senders} concurrent senders");
        var bodies = Enumerable.Range(0, requests).Select(r => Body(teams[r % teams.Length], options.BatchSize)).ToArray();
        var next = -1;
        long accepted = 0, other = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = 0L;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Length)
            {
                var result = await PostAsync(ingest, bodies[index]);
                Interlocked.Add(ref accepted, result.Accepted);
                Interlocked.Add(ref other, options.BatchSize - result.Accepted);
                var seconds = (long)clock.Elapsed.TotalSeconds;
                if (seconds >= lastReport + 5 && Interlocked.Exchange(ref lastReport, seconds) < seconds)
                {
                    Progress($"  … {Interlocked.Read(ref accepted)} accepted after {seconds} s");
                }
            }
        }));
        var rate = accepted / clock.Elapsed.TotalSeconds;
        Progress($"  {rate:0} events/s ({accepted} accepted, {other} not, {clock.Elapsed.TotalSeconds:0.0} s)");
        if (other > 0)
        {
            _notes.Add($"{other} events of the {teams.Length}-pool ingestion run were not accepted (duplicates or rejections).");
        }

        return rate;
    }

    private static async Task SeedAsync(HttpClient admin, string[] teams)
    {
        await SeedPricesAndOwnerAsync(admin);
        // Far above what the run spends, so no threshold is crossed and no alert rows join the transactions.
        await SeedTeamsAsync(admin, teams, 1_000_000_000m, onboard: false);
    }

    /// <summary>The price catalog of the benchmark's models and the owner "dana".</summary>
    internal static async Task SeedPricesAndOwnerAsync(HttpClient admin)
    {
        await Ok(admin.PutAsJsonAsync("/api/v1/prices", new[]
        {
            new { model = "gpt-4o", provider = "openai", tier = "standard", inputPerMillion = 2.50m, outputPerMillion = 10.00m, cachedInputPerMillion = 1.25m, effectiveFrom = "2024-05-13" },
            new { model = "gpt-4o-mini", provider = "openai", tier = "economy", inputPerMillion = 0.15m, outputPerMillion = 0.60m, cachedInputPerMillion = 0.075m, effectiveFrom = "2024-07-18" },
        }));
        await Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", email = "dana@contoso.com", roles = new[] { "owner" } }));
    }

    /// <summary>Teams owned by dana, each with a monthly steady baseline pool of <paramref name="amount"/>; onboarded (accepted by dana) when asked.</summary>
    internal static async Task SeedTeamsAsync(HttpClient admin, IEnumerable<string> teams, decimal amount, bool onboard)
    {
        foreach (var team in teams)
        {
            await Ok(admin.PutAsJsonAsync($"/api/v1/teams/{team}", new { name = team, owners = new[] { "dana" }, members = Array.Empty<string>() }));
            await Ok(admin.PutAsJsonAsync($"/api/v1/teams/{team}/pools/baseline", new { kind = "baseline", stage = "steady", amount, period = "monthly", start = "2026-01-01" }));
            if (onboard)
            {
                await Ok(admin.PostAsJsonAsync($"/api/v1/teams/{team}/onboarding", new { acceptedBy = "dana" }));
            }
        }
    }

    internal static async Task Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record UsageAnswer(int Accepted, int Duplicates);

    private static async Task<UsageAnswer> PostAsync(HttpClient ingest, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        HttpResponseMessage answer;
        try
        {
            answer = await ingest.PostAsync("/api/v1/usage", content, timeout.Token);
        }
        catch (TaskCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException("A usage POST got no answer in 60 s: the host's partition writer for that pool has stalled.", e);
        }

        using var response = answer;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/v1/usage answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<UsageAnswer>(JsonSerializerOptions.Web) ?? throw new InvalidOperationException("Empty usage answer.");
    }

    private static async Task<bool> PostOneAsync(HttpClient ingest, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await ingest.PostAsync("/api/v1/usage", content);
        return response.IsSuccessStatusCode;
    }

    /// <summary>A POST body of <paramref name="count"/> distinct events for <paramref name="team"/>, as a gateway sends them.</summary>
    private byte[] Body(string team, int count)
    {
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var events = new object[count];
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _sequence);
            events[i] = new
            {
                id = $"{_run}-{n}",
                timestamp = now,
                team,
                user = $"user{n % Users}",
                workflow = $"workflow{n % Workflows}",
                model = Models[n % Models.Length],
                provider = "openai",
                inputTokens = 1200,
                outputTokens = 300,
                cachedInputTokens = 0,
                requestId = $"req-{_run}-{n}",
            };
        }

        return JsonSerializer.SerializeToUtf8Bytes(count == 1 ? events[0] : events);
    }

    /// <summary>An entity made by the bot's own event-row mapper, so the raw rate writes the same shape.</summary>
    private TableEntity RawEntity(string partition) => EventRowMapper.ToEntity(partition, RawEvent(), Guid.NewGuid().ToString("N"));

    private CountedEvent RawEvent()
    {
        var n = Interlocked.Increment(ref _sequence);
        var now = TimeProvider.System.GetUtcNow();
        var usage = new UsageEvent(
            $"{_run}-raw-{n}", now, "bench", $"user{n % Users}", $"workflow{n % Workflows}", Models[n % Models.Length], "openai",
            new TokenCounts(1200, 300, 0), null, null, null, $"req-{_run}-raw-{n}");
        var period = new BudgetPeriod("2026-12", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31), now, now);
        return new CountedEvent(usage, "baseline", period, new Core.Money.Money(0.006m, "USD"), ModelTier.Standard);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static void Progress(string message) => Console.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {message}");
}
