using System.Collections.Concurrent;
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
    private readonly ConcurrentQueue<string> _output;

    private BotProcess(Process process, int port, ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

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
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => Keep(output, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotProcess(process, port, output);
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

    /// <summary>Everything the process wrote to stdout and stderr so far (its whole log).</summary>
    public string Output => string.Join('\n', _output);

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
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
