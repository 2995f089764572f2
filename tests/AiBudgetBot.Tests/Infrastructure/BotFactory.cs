using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Infrastructure;

/// <summary>
/// The real host over a real Azurite, with its own table prefix so test classes never see
/// each other's data. Two factories with the same prefix are two instances of one deployment.
/// </summary>
public sealed class BotFactory(string connectionString, string prefix, IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null)
    : WebApplicationFactory<Program>
{
    public const string IngestKey = "ingest-key-0123456789";
    public const string AdminKey = "admin-key-0123456789ab";

    public string Prefix { get; } = prefix;

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Runs between building the host and starting it (a test holds the start back with it).</summary>
    public Action<IHost>? BeforeStart { get; init; }

    /// <summary>
    /// Builds and starts the host as WebApplicationFactory does, but a start refused by options
    /// validation always throws that validation error. The app's entry point runs on its own
    /// thread: there the failed app.Run() disposes the host, and when that happens before
    /// WebApplicationFactory's start reads the host's services (a loaded machine), the caller
    /// would get "Cannot access a disposed object. Object name: 'IServiceProvider'" instead of why
    /// the bot refused to start.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var failure = new StartFailure();
        builder.ConfigureServices(failure.Watch);
        var host = builder.Build();
        BeforeStart?.Invoke(host);
        try
        {
            host.Start();
        }
        catch (ObjectDisposedException) when (failure.Error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:TablePrefix"] = Prefix,
            ["Ingestion:ApiKeys:0:Name"] = "gateway",
            ["Ingestion:ApiKeys:0:Key"] = IngestKey,
            ["Admin:ApiKey"] = AdminKey,
            ["Organization:TimeZone"] = "UTC",
            ["Organization:Currency"] = "USD",
            // A test's fake clock often sits days after a Monday: without this, every host would
            // catch up a "missed" weekly digest at start and post it into the test's channels.
            // The digest tests set their own value.
            ["Digests:CatchUpDays"] = "0",
            // In-process tests drive the API far faster than any gateway or admin would; the
            // rate-limit tests set their own limits.
            ["Ingestion:RequestsPerSecond"] = "0",
            ["Admin:RequestsPerSecond"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        if (time is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        }
    }

    public HttpClient Ingest() => WithKey(IngestKey);

    public HttpClient Admin() => WithKey(AdminKey);

    private HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

/// <summary>Short helpers for setting up a directory through the admin API.</summary>
public static class AdminCalls
{
    public static async Task SeedAsync(HttpClient admin, string team = "marketing", decimal amount = 1000m, string? extraPoolJson = null)
    {
        await Ok(admin.PutAsJsonAsync("/api/v1/prices", new[]
        {
            new { model = "gpt-4o", provider = "openai", tier = "standard", inputPerMillion = 2.50m, outputPerMillion = 10.00m, cachedInputPerMillion = 1.25m, effectiveFrom = "2024-05-13" },
            new { model = "gpt-4o-mini", provider = "openai", tier = "economy", inputPerMillion = 0.15m, outputPerMillion = 0.60m, cachedInputPerMillion = 0.075m, effectiveFrom = "2024-07-18" },
        }));
        await Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", email = "dana@contoso.com", roles = new[] { "owner" } }));
        await Ok(admin.PutAsJsonAsync($"/api/v1/teams/{team}", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice" } }));
        await Ok(admin.PutAsJsonAsync($"/api/v1/teams/{team}/pools/baseline", new { kind = "baseline", stage = "steady", amount, period = "monthly", start = "2026-01-01" }));
    }

    public static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}
