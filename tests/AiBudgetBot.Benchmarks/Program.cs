using System.Diagnostics;
using System.Globalization;
using AiBudgetBot.Benchmarks;

// dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- ingest|authorize|digest|chat [options] [--out docs/benchmarks.md]
const string Usage = """
    usage: dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- ingest|authorize|digest|chat [options]
      ingest:
      --events N          events per throughput measurement (default 30000)
      --batch N           events per ingestion POST (default 500)
      --partitions 1,4    pool counts (= store partitions = raw streams) to measure, or 'none' (default 1,4)
      --rounds N          alternate raw and ingestion this many times per pool count (default 3)
      --rate N            open-loop single-event rate, events/s (default 200)
      --seconds N         single-event latency duration (default 20)
      authorize:
      --concurrency 50,100,1000  concurrent callers (a gateway's requests in flight) to measure (default 50,100,1000)
      --model-call MS     mean model call between a caller's authorize and its next, untimed; 0 = none,
                          authorize at saturation, written to its own section (default 1000)
      --warmup N          seconds of each measurement not counted (default 3)
      --seconds N         seconds counted per measurement (default 10)
      --scenario TEXT     only the scenarios whose name starts with TEXT, e.g. "one pool, ample" (default all)
      digest:
      --teams N           teams, 3 pools each (default 500)
      --event-counts 10000,1000000  events this month to measure at (default 10000,1000000)
      --runs N            timed builds (and raw reads) per event count; the median is reported (default 5)
      chat:
      --rates 10,50       open-loop Slack `/aibudget budget` commands per second to measure (default 10,50)
      --warmup N          seconds at each rate not counted (default 3)
      --seconds N         seconds counted per rate, and per empty-endpoint run (default 10)
      all:
      --out PATH          write (replace) the benchmark's section there, keeping the others (e.g. docs/benchmarks.md)
    """;

if (args.Length == 0 || args[0] is not ("ingest" or "authorize" or "digest" or "chat"))
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 0 : 2;
}

var authorize = args[0] == "authorize";
var digest = args[0] == "digest";
var chat = args[0] == "chat";
int teams = 500, runs = 5;
int[] rates = [10, 50];
int[] eventCounts = [10_000, 1_000_000];
int events = 30_000, batch = 500, rate = 200, seconds = authorize || chat ? 10 : 20, rounds = 3, warmup = 3;
int[] partitions = [1, 4];
int[] concurrency = [50, 100, 1000];
string? output = null;
string? scenario = null;
var modelCall = 1000;
for (var i = 1; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--teams" when digest: teams = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--event-counts" when digest: eventCounts = [.. Value().Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]; break;
        case "--runs" when digest: runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--events" when args[0] == "ingest": events = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--batch" when args[0] == "ingest": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--rate" when args[0] == "ingest": rate = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seconds" when !digest: seconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--rounds" when args[0] == "ingest": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--partitions" when args[0] == "ingest":
            var list = Value();
            partitions = list == "none" ? [] : [.. list.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            break;
        case "--concurrency" when authorize: concurrency = [.. Value().Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]; break;
        case "--scenario" when authorize: scenario = Value(); break;
        case "--model-call" when authorize: modelCall = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--rates" when chat: rates = [.. Value().Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]; break;
        case "--warmup" when authorize || chat: warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--out": output = Path.GetFullPath(Value()); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]} for {args[0]}");
            Console.WriteLine(Usage);
            return 2;
    }
}

var command = "dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- " + string.Join(' ', args);
IBenchmark benchmark = chat
    ? new ChatBenchmark(new ChatOptions(rates, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds)))
    : digest
    ? new DigestBenchmark(new DigestOptions(teams, eventCounts, runs))
    : authorize
    ? new AuthorizeBenchmark(new AuthorizeOptions(concurrency, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(modelCall), scenario))
    : new IngestBenchmark(new IngestOptions(events, batch, partitions, rounds, rate, TimeSpan.FromSeconds(seconds), output));
var root = RepositoryRoot();
var started = TimeProvider.System.GetUtcNow();
var loadBefore = LoadAverage();
var clock = Stopwatch.StartNew();
await benchmark.RunAsync(root);
var machine = (await MachineFactsAsync(root)).Append(("load average (1/5/15 min) at start → end", $"{loadBefore} → {LoadAverage()} (other work on this machine competes for the cores)")).ToList();

Console.WriteLine();
foreach (var figure in benchmark.Figures)
{
    Console.WriteLine($"{figure.Name}: {figure.Value} | limit: {figure.Limit} | ratio: {figure.Ratio}");
}

if (output is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    var existing = File.Exists(output) ? await File.ReadAllTextAsync(output) : null;
    await File.WriteAllTextAsync(output, Report.Update(existing, benchmark, command, started, clock.Elapsed, machine));
    Console.WriteLine($"wrote the {benchmark.Section} section of {output}");
}

return 0;

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AiBudgetBot.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (AiBudgetBot.sln).");
}

static async Task<IReadOnlyList<(string Fact, string Value)>> MachineFactsAsync(string root)
{
    var azurite = await File.ReadAllTextAsync(Path.Combine(root, "node_modules", "azurite", "package.json"));
    var version = System.Text.Json.JsonDocument.Parse(azurite).RootElement.GetProperty("version").GetString();
    return
    [
        ("nproc", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
        ("dotnet --version", await RunAsync("dotnet", "--version")),
        ("OS", System.Runtime.InteropServices.RuntimeInformation.OSDescription),
        ("CPU", CpuModel()),
        ("node --version", await RunAsync("node", "--version")),
        ("Azurite", $"{version}, in memory (--inMemoryPersistence), loopback"),
        ("git", await RunAsync("git", "-C", root, "rev-parse", "--short", "HEAD")),
    ];
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string CpuModel()
{
    const string cpuinfo = "/proc/cpuinfo";
    return File.Exists(cpuinfo)
        ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
        : "unknown";
}

static async Task<string> RunAsync(string file, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
    var text = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return text.Trim();
}
