using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>
/// A real Azurite Table service for the tests. Uses <c>AIBUDGET_TEST_STORAGE</c> when set (CI
/// may start one); otherwise starts Azurite from the repository's node_modules on a free
/// loopback port, in memory, and stops it when the tests end.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string WellKnownKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;

    private Azurite(string connectionString, Process? process, int port)
    {
        ConnectionString = connectionString;
        _process = process;
        Port = port;
    }

    public string ConnectionString { get; }

    public int Port { get; }

    private static readonly Lazy<Task<Azurite>> Shared = new(() => StartAsync(useEnvironment: true));

    /// <summary>The one Azurite every test class shares (tables are kept apart by prefix).</summary>
    public static Task<Azurite> SharedAsync() => Shared.Value;

    /// <summary>A private Azurite, for tests that stop it to see what a dead store does.</summary>
    public static Task<Azurite> StartPrivateAsync() => StartAsync(useEnvironment: false);

    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={WellKnownKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static async Task<Azurite> StartAsync(bool useEnvironment)
    {
        if (useEnvironment && Environment.GetEnvironmentVariable("AIBUDGET_TEST_STORAGE") is { Length: > 0 } configured)
        {
            return new Azurite(configured, null, 0);
        }

        var executable = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run 'npm ci' in the repository root (the README's test command does).");
        }

        var port = FreePort();
        // Azurite runs under a small shell that kills it as soon as our end of its stdin closes,
        // which happens however this process ends (even killed), so no Azurite outlives the tests.
        var azurite = $"'{executable}' --tableHost 127.0.0.1 --tablePort {port} --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --disableTelemetry --silent";
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"{azurite} </dev/null & child=$!; cat >/dev/null; kill $child"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // In memory, so nothing should be written; a temp directory catches any stray file.
            WorkingDirectory = Directory.CreateTempSubdirectory("azurite-tests-").FullName,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
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
                return new Azurite(ConnectionStringFor(port), process, port);
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
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
