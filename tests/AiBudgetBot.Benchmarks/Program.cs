using System.Diagnostics;
using System.Globalization;
using AiBudgetBot.Benchmarks;

// dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- ingest [--events N] [--out docs/benchmarks.md]
const string Usage = """
    usage: dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- ingest [options]
      --events N          events per throughput measurement (default 30000)
      --batch N           events per ingestion POST (default 500)
      --partitions 1,4    pool counts (= store partitions = raw streams) to measure, or 'none' (default 1,4)
      --rounds N          alternate raw and ingestion this many times per pool count (default 3)
      --rate N            open-loop single-event rate, events/s (default 200)
      --seconds N         single-event latency duration (default 20)
      --out PATH          write the report there (e.g. docs/benchmarks.md)
    """;

if (args.Length == 0 || args[0] != "ingest")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 0 : 2;
}

int events = 30_000, batch = 500, rate = 200, seconds = 20, rounds = 3;
int[] partitions = [1, 4];
string? output = null;
for (var i = 1; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--events": events = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--rate": rate = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--partitions":
            var list = Value();
            partitions = list == "none" ? [] : [.. list.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            break;
        case "--out": output = Path.GetFullPath(Value()); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            Console.WriteLine(Usage);
            return 2;
    }
}

var command = "dotnet run -c Release --project tests/AiBudgetBot.Benchmarks -- " + string.Join(' ', args);
var options = new IngestOptions(events, batch, partitions, rounds, rate, TimeSpan.FromSeconds(seconds), output);
var benchmark = new IngestBenchmark(options);
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
    await File.WriteAllTextAsync(output, Report.Markdown(benchmark, command, started, clock.Elapsed, machine));
    Console.WriteLine($"wrote {output}");
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
