using System.Diagnostics;
using System.Net.Http.Headers;

namespace AiBudgetBot.Benchmarks;

/// <summary>
/// The real host as its own process (<c>dotnet AiBudgetBot.dll --urls ...</c>, the build copied
/// next to this program by the project reference), configured through environment variables
/// the way a deployment is, so every figure goes through Kestrel, the loopback socket and the
/// host's own runtime settings (server GC) — nothing in-process is shared with the load generator.
/// </summary>
internal sealed class BotServer : IAsyncDisposable
{
    public const string IngestKey = "bench-ingest-key-0123456789";
    public const string AdminKey = "bench-admin-key-0123456789";

    private readonly Process _process;

    private BotServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The environment the host runs with, for the report.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string connectionString, string tablePrefix) => new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Storage__ConnectionString"] = connectionString,
        ["Storage__TablePrefix"] = tablePrefix,
        ["Ingestion__ApiKeys__0__Name"] = "bench-gateway",
        ["Ingestion__ApiKeys__0__Key"] = IngestKey,
        ["Admin__ApiKey"] = AdminKey,
        ["Organization__TimeZone"] = "UTC",
        ["Organization__Currency"] = "USD",
        // The host ships no appsettings.json, so ASP.NET Core would log two Information lines per
        // request to the console; a deployment sets this, and a benchmark of console I/O is not the point.
        ["Logging__LogLevel__Default"] = "Warning",
        // The per-key rate limits (429 above 1,000 requests/s by default) would cap the very rates measured.
        ["Ingestion__RequestsPerSecond"] = "0",
        ["Admin__RequestsPerSecond"] = "0",
    };

    public static async Task<BotServer> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "AiBudgetBot.dll");
        if (!File.Exists(host))
        {
            throw new InvalidOperationException($"The host build is missing at {host}.");
        }

        var port = AiBudgetBot.Tests.Infrastructure.Azurite.FreePort();
        var start = new ProcessStartInfo("dotnet", [host, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(errors, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotServer(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Loopback.WaitForListenerAsync(
                port,
                () => process.HasExited ? $"The host exited with code {process.ExitCode}: {string.Join(Environment.NewLine, errors)}" : null,
                TimeSpan.FromSeconds(60));
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        return bot;
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        // Warnings and errors are worth seeing live; keep the last few for a failed start.
        Console.Error.WriteLine($"    [host] {line}");
        lines.Enqueue(line);
        while (lines.Count > 50 && lines.TryDequeue(out _))
        {
        }
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(100),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
