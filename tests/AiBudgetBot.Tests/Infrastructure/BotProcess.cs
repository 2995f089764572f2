using System.Diagnostics;
using System.Net.Http.Headers;

namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>
/// The bot as a real operating-system process on a loopback port, so a test can kill it
/// (SIGKILL, no shutdown hooks) in the middle of its work and start it again.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process logged (warnings and errors; the last 2,000 lines), for a failing test to show.</summary>
    public IReadOnlyCollection<string> Log => _log;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 2000 && _log.TryDequeue(out _))
        {
        }
    }

    /// <param name="settings">More configuration, as <c>Section:Key</c> (passed as environment variables).</param>
    public static async Task<BotProcess> StartAsync(string connectionString, string prefix, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = Azurite.FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AiBudgetBot.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Storage__ConnectionString"] = connectionString;
        start.Environment["Storage__TablePrefix"] = prefix;
        start.Environment["Ingestion__ApiKeys__0__Name"] = "gateway";
        start.Environment["Ingestion__ApiKeys__0__Key"] = BotFactory.IngestKey;
        start.Environment["Admin__ApiKey"] = BotFactory.AdminKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start)!;
        var bot = new BotProcess(process, port);
        process.OutputDataReceived += (_, line) => bot.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => bot.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = bot.BaseAddress };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with code {process.ExitCode} at start.");
            }

            try
            {
                if ((await probe.GetAsync("readyz")).IsSuccessStatusCode)
                {
                    return bot;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The bot did not become ready within 60 s.");
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: the process gets no chance to flush, finish or say goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
