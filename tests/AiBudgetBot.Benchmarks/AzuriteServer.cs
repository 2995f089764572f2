using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiBudgetBot.Benchmarks;

/// <summary>
/// An in-memory Azurite Table service on a free loopback port, started from the repository's
/// node_modules (<c>npm ci</c>). It runs under a small shell that kills it when our end of its
/// stdin closes, so it cannot outlive the benchmark however the benchmark ends.
/// </summary>
/// <remarks>Same approach as the host tests' launcher; the two should become one shared piece.</remarks>
internal sealed class AzuriteServer : IAsyncDisposable
{
    // Azurite's documented development account key (public, not a secret).
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteServer(Process process, int port)
    {
        _process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public int ProcessId => _process.Id;

    public static async Task<AzuriteServer> StartAsync(string repositoryRoot)
    {
        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run 'npm ci --no-audit --no-fund' in the repository root.");
        }

        var port = Loopback.FreePort();
        var azurite = $"'{executable}' --tableHost 127.0.0.1 --tablePort {port} --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --disableTelemetry --silent";
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"{azurite} </dev/null & child=$!; cat >/dev/null; kill $child"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("azurite-bench-").FullName,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, port);
        try
        {
            await Loopback.WaitForListenerAsync(port, () => process.HasExited ? $"Azurite exited with code {process.ExitCode}." : null, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

internal static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="failure">Returns a reason when the server has died, so waiting stops early.</param>
    public static async Task WaitForListenerAsync(int port, Func<string?> failure, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (failure() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s.");
    }
}
