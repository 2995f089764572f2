using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AiBudgetBot.Admin;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Digests;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Benchmarks;

internal sealed record DigestOptions(int Teams, IReadOnlyList<int> EventCounts, int Runs);

/// <summary>
/// The weekly digest's build (DigestService.BuildWeeklyAsync: directory, ledger rows, requests,
/// analytics, the message) at two event counts, set against reading the same ledger rows raw
/// from the store in the same run. The digest reads aggregates only, so its cost should not
/// follow the event count; the ledger rows are seeded directly (counted in memory, stored with
/// the bot's own LedgerRowMapper) rather than ingested event by event.
/// </summary>
internal sealed class DigestBenchmark(DigestOptions options) : IBenchmark
{
    private const int UsersPerTeam = 40;
    private const int WorkflowsPerTeam = 8;
    private static readonly (string Model, string Provider, ModelTier Tier, decimal In, decimal Out)[] Models =
    [
        ("gpt-4o", "openai", ModelTier.Standard, 2.50m, 10.00m),
        ("gpt-4o-mini", "openai", ModelTier.Economy, 0.15m, 0.60m),
        ("o1", "openai", ModelTier.Reasoning, 15.00m, 60.00m),
        ("claude-sonnet-4", "anthropic", ModelTier.Standard, 3.00m, 15.00m),
    ];

    private static readonly string[] PoolIds = ["baseline", "launch", "sandbox"];

    /// <summary>A fixed "now" in the middle of a month, so month to date and last month both have days.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public string Section => "Weekly digest";

    public string HowToRead => """
        - **What is timed**: `DigestService.BuildWeeklyAsync`, the code path the `weekly-digest` job runs
          before it queues the message: the directory snapshot, every active pool's ledger row for this
          month and last month (32 reads in flight, `DigestReader.Parallelism`), the recent requests,
          the analytics and the rendered `OutgoingMessage`. Delivery (outbox, Teams, Slack) is not timed.
          The host runs in this process (WebApplicationFactory over the real `Program`, on a fixed clock:
          2026-11-20 10:00 UTC, week 2026-W46), so the build is timed without HTTP in between.
        - **Limit**: the same ledger rows (every pool, this month and last) read raw with
          Azure.Data.Tables `GetEntityAsync<TableEntity>`, the same 32 in flight, no mapping: the store's
          cost of the data the digest needs. Each figure is the median of the runs, raw and digest alternating.
        - **Seeding**: the directory (teams and pools) is written through the bot's `BudgetAdmin` service;
          each pool's ledger rows are a `LedgerState` that counted synthetic `CountedEvent`s in memory
          (users, workflows, models and days spread over the team), stored with the bot's own
          `LedgerRowMapper`. Event rows are not written: the digest never reads them. Each event count gets
          the same number of events last month, so "change vs last month" has data.
        - **Memory**: bytes allocated by the whole process during one build
          (`GC.GetTotalAllocatedBytes(precise: true)` before and after; the host's background services
          run meanwhile, so this is an upper bound), median over the runs. It is allocation, not a peak
          heap size; the digest holds one ledger state per pool and period at once, whose breakdowns are
          capped (`LedgerState.MaxKeys`), so it does not follow the event count either.
        - **Targets** (issue 9): the build at 1,000,000 events within 1.2× of the build at 10,000, and the
          build within 2× of the raw read.
        """;

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<string> Notes => _notes;

    public IReadOnlyDictionary<string, string> HostSettings { get; private set; } = new Dictionary<string, string>();

    public async Task RunAsync(string repositoryRoot)
    {
        Progress("starting Azurite (in memory)");
        await using var azurite = await AiBudgetBot.Tests.Infrastructure.Azurite.StartPrivateAsync();
        var prefix = "d" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Admin:ApiKey"] = BotServer.AdminKey,
            ["Organization:TimeZone"] = "UTC",
            ["Organization:Currency"] = "USD",
            ["Digests:CatchUpDays"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        HostSettings = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        Progress("starting the host in process (WebApplicationFactory over the host's Program, Release)");
        var time = new FakeTimeProvider(Now);
        await using var host = new InProcessHost(Path.Combine(repositoryRoot, "src", "AiBudgetBot"), settings, time);
        var services = host.Services;
        var admin = services.GetRequiredService<BudgetAdmin>();
        var digests = services.GetRequiredService<DigestService>();
        var tables = services.GetRequiredService<Tables>();
        var calendar = services.GetRequiredService<IOptions<OrganizationOptions>>().Value.Calendar();
        var ledger = await tables.GetAsync(Tables.Ledger);

        Progress($"seeding the directory: {options.Teams} teams × {PoolIds.Length} pools through BudgetAdmin");
        var seeding = Stopwatch.StartNew();
        await SeedDirectoryAsync(admin);
        var directory = await services.GetRequiredService<DirectoryStore>().CurrentAsync(CancellationToken.None);
        var today = calendar.LocalDate(Now);
        var month = calendar.Containing(Now, PeriodKind.Monthly);
        var previous = calendar.Month(month.FirstDay.AddMonths(-1).Year, month.FirstDay.AddMonths(-1).Month);
        var pools = directory.Teams.SelectMany(t => directory.PoolsOf(t.Id).Where(p => p.IsActiveOn(today)).Select(p => (Team: t, Pool: p))).ToList();
        if (pools.Count != options.Teams * PoolIds.Length)
        {
            throw new InvalidOperationException($"{pools.Count} active pools after seeding, expected {options.Teams * PoolIds.Length}.");
        }

        Progress($"  {pools.Count} pools in {seeding.Elapsed.TotalSeconds:0.0} s");
        var week = ISOWeek.GetYear(Now.UtcDateTime).ToString(CultureInfo.InvariantCulture) + "-W" + (ISOWeek.GetWeekOfYear(Now.UtcDateTime) - 1).ToString("00", CultureInfo.InvariantCulture);
        var results = new Dictionary<int, (double BuildMs, double RawMs, double AllocatedMb, double RawAllocatedMb, long RowChars, int Rows)>();
        foreach (var events in options.EventCounts)
        {
            Progress($"seeding ledger rows for {events:N0} events this month (and as many last month) over {pools.Count} pools");
            seeding.Restart();
            var partitions = new List<string>();
            long rowChars = 0, users = 0, pairs = 0, days = 0;
            for (var p = 0; p < pools.Count; p++)
            {
                var (team, pool) = pools[p];
                var share = events / pools.Count + (p < events % pools.Count ? 1 : 0);
                foreach (var (period, firstDay, dayCount) in new[]
                {
                    (pool.PeriodOf(Now, calendar), month.FirstDay, today.Day),
                    (pool.PeriodOf(previous.End.AddTicks(-1), calendar), previous.FirstDay, previous.LastDay.Day),
                })
                {
                    var state = Count(team.Id, pool.Id, period, firstDay, dayCount, share, p);
                    users += state.ByUser.Count;
                    pairs += state.ByWorkflowModel.Count;
                    days += state.ByDay.Count;
                    var partition = LedgerKeys.Partition(team.Id, pool.Id, period.Key);
                    var entity = LedgerRowMapper.ToEntity(partition, state);
                    rowChars += entity.Keys.Where(k => k.StartsWith("Breakdown", StringComparison.Ordinal) && k != "BreakdownChunks").Sum(k => entity.GetString(k)!.Length);
                    await ledger.UpsertEntityAsync(entity, TableUpdateMode.Replace);
                    partitions.Add(partition);
                }
            }

            _notes.Add($"At {events:N0} events a month: ~{events / pools.Count:N0} events per pool-period; a ledger row lists on average {users / (double)partitions.Count:0.0} users, {pairs / (double)partitions.Count:0.0} workflow×model pairs and {days / (double)partitions.Count:0.0} days, breakdown JSON {rowChars / partitions.Count:N0} chars. What grows between the event counts is these distinct keys (each breakdown capped at {LedgerState.MaxKeys} keys, {LedgerState.MaxDayKeys} a day), not the events themselves; past the point where every user, pair and day has appeared, more events leave the row as it is.");
            Progress($"  {partitions.Count} ledger rows in {seeding.Elapsed.TotalSeconds:0.0} s, breakdown JSON {rowChars / partitions.Count:N0} chars a row on average");

            // Warm up both paths (JIT, connections) before anything is timed.
            await digests.BuildWeeklyAsync(week, CancellationToken.None);
            await RawReadAsync(ledger, partitions);

            var builds = new List<double>();
            var raws = new List<double>();
            var allocated = new List<double>();
            var rawAllocated = new List<double>();
            for (var run = 0; run < options.Runs; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var rows = await RawReadAsync(ledger, partitions);
                raws.Add(clock.Elapsed.TotalMilliseconds);
                rawAllocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6);
                if (rows != partitions.Count)
                {
                    throw new InvalidOperationException($"The raw read found {rows} of {partitions.Count} ledger rows.");
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                before = GC.GetTotalAllocatedBytes(precise: true);
                clock.Restart();
                var digest = await digests.BuildWeeklyAsync(week, CancellationToken.None);
                builds.Add(clock.Elapsed.TotalMilliseconds);
                allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6);
                Progress($"  run {run + 1}: raw read {raws[^1]:0} ms ({rawAllocated[^1]:0.0} MB allocated), digest build {builds[^1]:0} ms ({allocated[^1]:0.0} MB allocated; message \"{digest.Message.Title}\")");
            }

            results[events] = (Median(builds), Median(raws), Median(allocated), Median(rawAllocated), rowChars / partitions.Count, partitions.Count);
        }

        foreach (var (events, r) in results)
        {
            _figures.Add(new Figure(
                $"Weekly digest build, {options.Teams} teams / {pools.Count} pools, {events:N0} events this month ({r.Rows} ledger rows, breakdown ~{r.RowChars:N0} chars each; median of {options.Runs})",
                $"{r.BuildMs:0} ms; {r.AllocatedMb:0.0} MB allocated",
                $"raw read of the same {r.Rows} ledger rows: {r.RawMs:0} ms; {r.RawAllocatedMb:0.0} MB allocated",
                $"{r.BuildMs / r.RawMs:0.00}× the raw read",
                $"target ≤ 2× the raw read: {(r.BuildMs / r.RawMs <= 2 ? "met" : "not met")}"));
        }

        if (options.EventCounts.Count >= 2)
        {
            var low = results[options.EventCounts.Min()];
            var high = results[options.EventCounts.Max()];
            var time_ = high.BuildMs / low.BuildMs;
            var memory = high.AllocatedMb / low.AllocatedMb;
            _figures.Add(new Figure(
                $"Weekly digest build, {options.EventCounts.Max():N0} vs {options.EventCounts.Min():N0} events",
                $"{high.BuildMs:0} ms / {high.AllocatedMb:0.0} MB",
                $"{low.BuildMs:0} ms / {low.AllocatedMb:0.0} MB",
                $"time {time_:0.00}×, allocation {memory:0.00}×",
                $"target ≤ 1.2×: time {(time_ <= 1.2 ? "met" : "not met")}, allocation {(memory <= 1.2 ? "met" : "not met")}"));
        }

        _notes.Add($"Synthetic usage: per team {UsersPerTeam} users, {WorkflowsPerTeam} workflows, {Models.Length} models ({string.Join(", ", Models.Select(m => m.Model))}), events spread over the days of the period so far, a few users and workflows carrying most of the cost. Events per pool = events / {pools.Count}.");
        _notes.Add("The digest reads two ledger rows per pool (this month, last month) and never an event row, so the store holds only ledger rows here; the row's size grows with distinct users/workflows/models/days (capped), not with events.");
    }

    /// <summary>A pool-period's ledger after counting <paramref name="events"/> synthetic events in memory.</summary>
    private static LedgerState Count(string team, string pool, BudgetPeriod period, DateOnly firstDay, int days, int events, int seed)
    {
        var state = new LedgerState("USD");
        var random = new Random(seed * 31 + period.Key.GetHashCode(StringComparison.Ordinal));
        for (var i = 0; i < events; i++)
        {
            // Skewed: low indices far more often, so a few users and workflows carry most of the cost.
            var user = (int)(UsersPerTeam * Math.Pow(random.NextDouble(), 3));
            var workflow = (int)(WorkflowsPerTeam * Math.Pow(random.NextDouble(), 2));
            var model = Models[(workflow + (user % 3 == 0 ? 2 : 0)) % Models.Length];
            var input = 500 + random.Next(user == 0 ? 60_000 : 6_000);
            var output = 50 + random.Next(1_500);
            var cost = decimal.Round((input * model.In + output * model.Out) / 1_000_000m, 6);
            var day = firstDay.AddDays(random.Next(days));
            var usage = new UsageEvent(
                $"{team}-{pool}-{period.Key}-{i}",
                new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                team, $"user{user}@{team}.example", $"workflow{workflow}", model.Model, model.Provider,
                new TokenCounts(input, output, 0), null, null, pool);
            state.Count(new CountedEvent(usage, pool, period, new Core.Money.Money(cost, "USD"), model.Tier) { LocalDay = day });
        }

        return state;
    }

    private async Task SeedDirectoryAsync(BudgetAdmin admin)
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        T Dto<T>(object value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, web), web)!;
        Check(await admin.PutPricesAsync(
            [.. Models.Select(m => Dto<PriceDto>(new { model = m.Model, provider = m.Provider, tier = m.Tier.ToString().ToLowerInvariant(), inputPerMillion = m.In, outputPerMillion = m.Out, cachedInputPerMillion = m.In / 2, effectiveFrom = "2024-01-01" }))],
            "benchmark", CancellationToken.None));
        Check(await admin.PutPersonAsync("owner", Dto<PersonDto>(new { displayName = "Olive Owner", email = "owner@example.com", roles = new[] { "owner" } }), "benchmark", CancellationToken.None));
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, options.Teams).Select(async t =>
        {
            await gate.WaitAsync();
            try
            {
                var team = $"team{t:000}";
                Check(await admin.PutTeamAsync(team, Dto<TeamDto>(new { name = $"Team {t}", owners = new[] { "owner" } }), "benchmark", CancellationToken.None));
                Check(await admin.PutPoolAsync(team, "baseline", Dto<PoolDto>(new { kind = "baseline", stage = "steady", amount = 20_000m, period = "monthly", start = "2026-01-01" }), "benchmark", CancellationToken.None));
                Check(await admin.PutPoolAsync(team, "launch", Dto<PoolDto>(new { kind = "project", stage = "steady", amount = 8_000m, period = "monthly", start = "2026-09-01", end = "2027-03-31", workflows = new[] { "workflow1" } }), "benchmark", CancellationToken.None));
                Check(await admin.PutPoolAsync(team, "sandbox", Dto<PoolDto>(new { kind = "sandbox", stage = "steady", amount = 2_000m, period = "monthly", start = "2026-01-01" }), "benchmark", CancellationToken.None));
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static void Check(AdminResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding the directory failed: " + string.Join("; ", result.Errors));
        }
    }

    /// <summary>Every row read as a plain TableEntity, <see cref="DigestReader.Parallelism"/> in flight.</summary>
    private static async Task<int> RawReadAsync(TableClient ledger, IReadOnlyList<string> partitions)
    {
        using var gate = new SemaphoreSlim(DigestReader.Parallelism);
        var found = await Task.WhenAll(partitions.Select(async partition =>
        {
            await gate.WaitAsync();
            try
            {
                var row = await ledger.GetEntityIfExistsAsync<TableEntity>(partition, LedgerKeys.LedgerRow);
                return row.HasValue ? 1 : 0;
            }
            finally
            {
                gate.Release();
            }
        }));
        return found.Sum();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Progress(string message) => Console.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {message}");

    /// <summary>The real host in this process, on a fixed clock, so DigestService can be called directly.</summary>
    // Any type of the host assembly names it; this project has a Program of its own.
    private sealed class InProcessHost(string contentRoot, IReadOnlyDictionary<string, string> settings, FakeTimeProvider time) : WebApplicationFactory<DigestService>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(contentRoot);
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        }
    }
}
