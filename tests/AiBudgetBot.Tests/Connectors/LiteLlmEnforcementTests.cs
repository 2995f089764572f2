using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace AiBudgetBot.Tests.Connectors;

/// <summary>
/// LiteLLM enforcement out, end to end: real hosts over one Azurite, a LiteLLM stand-in on
/// loopback. Block at the hard limit, unblock after an increase, once each.
/// </summary>
public sealed class LiteLlmEnforcementTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private ProviderStandIn _liteLlm = null!;
    private string _connection = null!;
    private readonly List<IAsyncDisposable> _hosts = [];

    public async Task InitializeAsync()
    {
        _connection = (await Azurite.SharedAsync()).ConnectionString;
        _liteLlm = await ProviderStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _liteLlm.DisposeAsync();
    }

    [Fact]
    public async Task HardLimitThenIncrease_BlocksAndUnblocksOnceEach_WithTwoInstances()
    {
        var prefix = BotFactory.NewPrefix();
        var a = Start(prefix);
        var b = Start(prefix);
        var admin = Client(a, BotFactory.AdminKey);
        await ConnectorSeed.SeedAsync(admin, "2026-01-01", amount: 10m);
        _ = Client(b, BotFactory.AdminKey); // both instances run their checks

        await SpendAsync(Client(b, BotFactory.IngestKey), "call-1", 10m);
        await Eventually.TrueAsync(() => _liteLlm.Accepted("block").Count == 1, TimeSpan.FromSeconds(20), "a block");
        await Task.Delay(TimeSpan.FromSeconds(3)); // several checks on each instance
        Assert.Single(_liteLlm.Accepted("block"));
        Assert.Empty(_liteLlm.Accepted("unblock"));
        Assert.Equal("mkt-litellm", _liteLlm.Accepted("block")[0].TeamId);

        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "steady", amount = 20m, period = "monthly", start = "2026-01-01" }));
        await Eventually.TrueAsync(() => _liteLlm.Accepted("unblock").Count == 1, TimeSpan.FromSeconds(20), "an unblock");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(_liteLlm.Accepted("block"));
        Assert.Single(_liteLlm.Accepted("unblock"));

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Single(actions, a => a == "litellm.block");
        Assert.Single(actions, a => a == "litellm.unblock");
        Assert.DoesNotContain(ProviderStandIn.MasterKey, audit.GetRawText());
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(ProviderStandIn.MasterKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiteLlmDownForAWhile_BlockIsDelayedNotLostNorRepeated()
    {
        var host = Start(BotFactory.NewPrefix());
        var admin = Client(host, BotFactory.AdminKey);
        await ConnectorSeed.SeedAsync(admin, "2026-01-01", amount: 10m);
        _liteLlm.LiteLlmDown = true;

        await SpendAsync(Client(host, BotFactory.IngestKey), "call-1", 12m);
        await Eventually.TrueAsync(() => _liteLlm.TeamCalls.Count(c => c.Status == 503) >= 2, TimeSpan.FromSeconds(20), "attempts during the outage");
        Assert.Empty(_liteLlm.Accepted("block"));

        _liteLlm.LiteLlmDown = false;
        await Eventually.TrueAsync(() => _liteLlm.Accepted("block").Count == 1, TimeSpan.FromSeconds(45), "the block after the outage");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(_liteLlm.Accepted("block"));
        Assert.Empty(_liteLlm.Accepted("unblock"));
    }

    private WebApplicationFactory<Program> Start(string prefix)
    {
        var factory = new BotFactory(_connection, prefix, new Dictionary<string, string?>
        {
            ["Connectors:LiteLlm:Enforce"] = "true",
            ["Connectors:LiteLlm:BaseUrl"] = _liteLlm.Root.ToString(),
            ["Connectors:LiteLlm:MasterKey"] = ProviderStandIn.MasterKey,
            ["Connectors:LiteLlm:CheckSeconds"] = "1",
            ["Connectors:LiteLlm:Teams:marketing"] = "mkt-litellm",
            ["Outbox:SweepSeconds"] = "1",
        }).WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(_logs);
        }));
        _hosts.Add(factory);
        return factory;
    }

    private static HttpClient Client(WebApplicationFactory<Program> factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task SpendAsync(HttpClient ingest, string id, decimal cost) =>
        await AdminCalls.Ok(ingest.PostAsJsonAsync("/api/v1/usage", new { id, timestamp = TimeProvider.System.GetUtcNow(), team = "marketing", model = "gpt-4o", inputTokens = 1, outputTokens = 1, cost }));

    /// <summary>Every log line of the hosts, at every level, to show what is never written.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
