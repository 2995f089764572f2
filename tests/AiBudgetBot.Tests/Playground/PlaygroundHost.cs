using System.Net.Http.Headers;
using AiBudgetBot.Demo;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace AiBudgetBot.Tests.Playground;

/// <summary>
/// What scripts/run.sh starts, for a browser: the real host on a loopback Kestrel port in
/// Development, over a real Azurite, with the demo policy and the usage simulator, the clock
/// frozen (so the replay is the whole story and numbers hold still), and Debian's chromium.
/// </summary>
public sealed class PlaygroundHost : IAsyncLifetime
{
    /// <summary>A Wednesday afternoon early in the month: the video pilot has been spiking for two weeks.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    public const string Chromium = "/usr/bin/chromium";

    private Factory _factory = null!;
    private IPlaywright _playwright = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public SimulatorProgress Replay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = await Azurite.SharedAsync();
        _factory = new Factory(azurite.ConnectionString, BotFactory.NewPrefix(), new FakeTimeProvider(Now));
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        Replay = await _factory.Services.GetRequiredService<UsageSimulator>().Replayed.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs it (apt-get install -y chromium). Playwright never downloads a browser here.");
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.AdminKey);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    private sealed class Factory(string connectionString, string prefix, FakeTimeProvider time) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            var settings = new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connectionString,
                ["Storage:TablePrefix"] = prefix,
                ["Ingestion:ApiKeys:0:Name"] = "gateway",
                ["Ingestion:ApiKeys:0:Key"] = BotFactory.IngestKey,
                ["Admin:ApiKey"] = BotFactory.AdminKey,
                ["Organization:TimeZone"] = "UTC",
                ["Policy:Path"] = Path.Combine(Azurite.RepositoryRoot(), "config", "demo-policy.yaml"),
                ["Demo:Simulate"] = "true",
                // Three weeks reach back past the start of the video spike; CI need not replay a whole month.
                ["Demo:ReplayDays"] = "21",
            };
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        }
    }
}
