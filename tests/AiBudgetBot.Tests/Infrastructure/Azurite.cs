using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>
/// A real Azurite Table service for the tests. Uses <c>AIBUDGET_TEST_STORAGE</c> when set (CI
/// may start one); otherwise starts Azurite from the repository's node_modules on a free
/// loopback port, in memory, and stops it when the tests end. A private one can also be kept on disk,
/// stopped and restarted on its port, or frozen (SIGSTOP: connections are accepted and never answered).
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string WellKnownKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string? _location;
    private Process? _process;
    private int _pid;

    private Azurite(string connectionString, Process? process, int port, string? location = null, int pid = 0)
    {
        ConnectionString = connectionString;
        _process = process;
        Port = port;
        _location = location;
        _pid = pid;
    }

    public string ConnectionString { get; }

    public int Port { get; }

    private static readonly Lazy<Task<Azurite>> Shared = new(() => StartAsync(useEnvironment: true));

    /// <summary>The one Azurite every test class shares (tables are kept apart by prefix).</summary>
    public static Task<Azurite> SharedAsync() => Shared.Value;

    /// <summary>A private Azurite, for tests that stop it to see what a dead store does.</summary>
    public static Task<Azurite> StartPrivateAsync() => StartAsync(useEnvironment: false);

    /// <summary>A private Azurite that keeps its tables on disk, so <see cref="RestartAsync"/> finds them again.</summary>
    public static Task<Azurite> StartPersistentAsync() => StartAsync(useEnvironment: false, Directory.CreateTempSubdirectory("azurite-disk-").FullName);

    /// <summary>Stops the store (it saves to disk first when persistent): its port refuses connections.</summary>
    public async Task StopAsync()
    {
        Thaw();
        if (_process is { HasExited: false })
        {
            // SIGINT is the signal Azurite saves its tables on before it exits (SIGTERM loses them).
            Signal("INT");
            for (var waited = 0; waited < 100 && Directory.Exists($"/proc/{_pid}"); waited++)
            {
                await Task.Delay(100);
            }

            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the store again on the same port (and the same files when persistent).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process?.Dispose();
        (_process, _pid) = await LaunchAsync(Port, _location);
    }

    /// <summary>SIGSTOP: the kernel still accepts connections on the port, but nothing ever answers.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: the store answers again, including what it was sent while frozen.</summary>
    public void Thaw() => Signal("CONT");

    private void Signal(string signal)
    {
        if (_pid > 0 && _process is { HasExited: false })
        {
            using var kill = Process.Start("kill", [$"-{signal}", _pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }
    }

    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={WellKnownKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static async Task<Azurite> StartAsync(bool useEnvironment, string? location = null)
    {
        if (useEnvironment && Environment.GetEnvironmentVariable("AIBUDGET_TEST_STORAGE") is { Length: > 0 } configured)
        {
            return new Azurite(configured, null, 0);
        }

        var port = FreePort();
        var (process, pid) = await LaunchAsync(port, location);
        return new Azurite(ConnectionStringFor(port), process, port, location, pid);
    }

    private static async Task<(Process Process, int Pid)> LaunchAsync(int port, string? location)
    {
        var executable = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run 'npm ci' in the repository root (the README's test command does).");
        }

        // Azurite runs under a small shell that kills it as soon as our end of its stdin closes,
        // which happens however this process ends (even killed), so no Azurite outlives the tests.
        // The shell says Azurite's process id first, for Freeze and Thaw.
        var persistence = location is null ? "--inMemoryPersistence" : $"--location '{location}'";
        var azurite = $"'{executable}' --tableHost 127.0.0.1 --tablePort {port} {persistence} --skipApiVersionCheck --disableProductStyleUrl --disableTelemetry --silent";
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"{azurite} </dev/null & child=$!; echo \"pid=$child\"; cat >/dev/null; kill -CONT $child 2>/dev/null; kill $child"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // In memory, so nothing should be written; a temp directory catches any stray file.
            WorkingDirectory = Directory.CreateTempSubdirectory("azurite-tests-").FullName,
        };
        var process = Process.Start(start)!;
        var pid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data && data.StartsWith("pid=", StringComparison.Ordinal) && int.TryParse(data[4..], out var id))
            {
                pid.TrySetResult(id);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return (process, await pid.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Azurite did not start listening within 60 s.");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AiBudgetBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (AiBudgetBot.sln).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Thaw();
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
