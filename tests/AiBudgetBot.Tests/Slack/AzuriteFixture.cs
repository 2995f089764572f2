using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiBudgetBot.Tests.Slack;

/// <summary>
/// A real Table Storage endpoint: <c>AIBUDGET_TEST_STORAGE</c> when set, otherwise an Azurite
/// started from <c>node_modules/.bin/azurite-table</c> on a free loopback port, in memory.
/// (Kept in one file so it can be swapped for the shared fixture later.)
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _azurite;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("AIBUDGET_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
            return;
        }

        var root = FindRepoRoot();
        var exe = Path.Combine(root, "node_modules", ".bin", "azurite-table");
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException(
                $"Set AIBUDGET_TEST_STORAGE or install Azurite: cd {root} && npm install --no-save azurite@3.37.0");
        }

        var port = FreePort();
        // In-memory, so nothing is written; the temp working directory catches any stray file.
        var workDir = Directory.CreateTempSubdirectory("azurite-slack-").FullName;
        _azurite = Process.Start(new ProcessStartInfo(exe)
        {
            ArgumentList =
            {
                "--tableHost", "127.0.0.1", "--tablePort", port.ToString(),
                "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry", "--silent",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        }) ?? throw new InvalidOperationException("Azurite did not start");
        _azurite.OutputDataReceived += (_, _) => { };
        _azurite.ErrorDataReceived += (_, _) => { };
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();

        await WaitForPortAsync(port, TimeSpan.FromSeconds(30));
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
        }

        _azurite?.Dispose();
        return Task.CompletedTask;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AiBudgetBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AiBudgetBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            if (_azurite is { HasExited: true })
            {
                throw new InvalidOperationException($"Azurite exited with {_azurite.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on {port} within {timeout}");
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite (Slack)";
}
