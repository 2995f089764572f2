using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Connectors.Costs;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static AiBudgetBot.Tests.Connectors.ProviderStandIn;

namespace AiBudgetBot.Tests.Connectors;

/// <summary>
/// The OpenAI and Anthropic cost pollers end to end, run through the jobs API: real host over
/// Azurite, the providers' cost APIs stood in on loopback with the published response shapes.
/// </summary>
public sealed class CostPollerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Dec1 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Dec2 = Dec1.AddDays(1);
    private static readonly DateTimeOffset Dec10 = new(2026, 12, 10, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly Waits _waits = new();
    private ProviderStandIn _provider = null!;
    private WebhookReceiver _hook = null!;
    private WebApplicationFactory<Program> _bot = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _provider = await ProviderStandIn.StartAsync();
        _hook = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:OpenAI:AdminKey"] = OpenAiKey,
            ["Connectors:OpenAI:BaseUrl"] = new Uri(_provider.Root, "v1/").ToString(),
            ["Connectors:OpenAI:Mode"] = "ingest",
            ["Connectors:OpenAI:Projects:proj_mkt"] = "marketing",
            ["Connectors:Anthropic:AdminKey"] = AnthropicKey,
            ["Connectors:Anthropic:BaseUrl"] = new Uri(_provider.Root, "v1/").ToString(),
            ["Connectors:Anthropic:Mode"] = "reconcile",
            ["Connectors:Anthropic:Workspaces:wrkspc_mkt"] = "marketing",
            ["Connectors:SettleHours"] = "6",
            ["Reconciliation:DriftPercent"] = "5",
            ["Webhooks:Url"] = _hook.Url,
            ["Webhooks:Secret"] = "webhook-secret-0123456789",
        };
        _bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix(), settings, _time)
            .WithWebHostBuilder(builder => builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<ConnectorDelay>(_waits))));
        _admin = _bot.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotFactory.AdminKey);
        await ConnectorSeed.SeedAsync(_admin, "2026-01-01");
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _hook.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task OpenAi_Ingest_PagesThroughBuckets_BooksCompleteOnes_ReportsUnmapped_AndASecondPollAddsNothing()
    {
        _provider.ServePages(
            ([new Bucket(Dec1, new Line("proj_mkt", "gpt-4o-2024-08-06, input", 1.25m), new Line("proj_other", "gpt-4o-2024-08-06, output", 0.40m))], "page_2"),
            ([new Bucket(Dec2, new Line("proj_mkt", "gpt-4o-2024-08-06, output", 2.50m)), new Bucket(Dec10, new Line("proj_mkt", "gpt-4o-2024-08-06, input", 9.99m))], null));

        var first = await RunAsync("openai-costs");
        var second = await RunAsync("openai-costs");

        Assert.Equal(2, first.GetProperty("pages").GetInt32());
        Assert.Equal(2, first.GetProperty("booked").GetInt32());
        Assert.Equal(1, first.GetProperty("unsettled").GetInt32()); // Dec 10 ends within SettleHours of now
        Assert.Equal(new[] { "proj_other" }, first.GetProperty("unmapped").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(0, second.GetProperty("booked").GetInt32());
        Assert.Equal(0, second.GetProperty("corrections").GetInt32());
        Assert.Equal(2, second.GetProperty("unchanged").GetInt32());
        var pool = await BaselineAsync();
        Assert.Equal(3.75m, pool.GetProperty("spent").GetDecimal());
        Assert.Equal(2, pool.GetProperty("events").GetInt32());

        var requests = _provider.CostRequests.Where(r => r.Provider == "openai").ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal("Bearer " + OpenAiKey, r.Key));
        Assert.Contains("bucket_width=1d", requests[0].Query);
        Assert.Contains("group_by=project_id&group_by=line_item", requests[0].Query);
        Assert.Contains("start_time=" + new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), requests[0].Query);
        Assert.Contains("page=page_2", requests[1].Query);
    }

    [Fact]
    public async Task OpenAi_RevisedBucket_IsBookedAsACorrectionOfTheDifference()
    {
        _provider.ServePages(([new Bucket(Dec1, new Line("proj_mkt", "gpt-4o, input", 1.50m))], null));
        await RunAsync("openai-costs");
        _provider.ServePages(([new Bucket(Dec1, new Line("proj_mkt", "gpt-4o, input", 1.80m))], null));
        var up = await RunAsync("openai-costs");
        Assert.Equal(1.80m, (await BaselineAsync()).GetProperty("spent").GetDecimal());

        _provider.ServePages(([new Bucket(Dec1, new Line("proj_mkt", "gpt-4o, input", 1.20m))], null));
        var down = await RunAsync("openai-costs");
        var again = await RunAsync("openai-costs");

        Assert.Equal(1, up.GetProperty("corrections").GetInt32());
        Assert.Equal(1, down.GetProperty("corrections").GetInt32());
        Assert.Equal(0, again.GetProperty("corrections").GetInt32());
        var pool = await BaselineAsync();
        Assert.Equal(1.20m, pool.GetProperty("spent").GetDecimal());
        Assert.Equal(3, pool.GetProperty("events").GetInt32()); // the line, +0.30, −0.60
    }

    [Fact]
    public async Task RateLimited_WaitsForRetryAfter_ThenReads()
    {
        _provider.ServePages(([new Bucket(Dec1, new Line("proj_mkt", "gpt-4o, input", 1.00m))], null));
        _provider.AnswerNextCostRequest(429, "7");

        var report = await RunAsync("openai-costs");

        Assert.Equal(JsonValueKind.Null, report.GetProperty("error").ValueKind);
        Assert.Equal(1, report.GetProperty("booked").GetInt32());
        Assert.Equal([TimeSpan.FromSeconds(7)], _waits.Recorded.ToArray());
        Assert.Equal(2, _provider.CostRequests.Count);
    }

    [Fact]
    public async Task Unauthorized_IsReportedOnce_NotRetried()
    {
        _provider.AnswerNextCostRequest(401);

        var report = await RunAsync("openai-costs");

        Assert.Equal(401, report.GetProperty("errorStatus").GetInt32());
        Assert.Contains("Connectors:OpenAI:AdminKey", report.GetProperty("error").GetString());
        Assert.Single(_provider.CostRequests);
        Assert.Empty(_waits.Recorded);
        Assert.Equal(0, (await BaselineAsync()).GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Anthropic_Reconcile_RecordsBilled_ReconciliationFindsPlantedDrift_AndFinanceIsNotifiedOnce()
    {
        // The gateway tracked $8 of Claude; the cost report bills $10 for the mapped workspace and $1 for another.
        await AdminCalls.Ok(Client(BotFactory.IngestKey).PostAsJsonAsync("/api/v1/usage", new { id = "gw-1", timestamp = Dec1.AddHours(9), team = "marketing", model = "claude-sonnet-4", provider = "anthropic", inputTokens = 1000, outputTokens = 100, cost = 8.00m }));
        _provider.ServePages(([new Bucket(Dec1, new Line("wrkspc_mkt", "Claude Sonnet 4 Usage - Input Tokens", 10.00m), new Line("wrkspc_other", "Claude Sonnet 4 Usage - Input Tokens", 1.00m))], null));

        var report = await RunAsync("anthropic-costs");
        var first = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/reconciliation?month=2026-12");
        await _admin.GetFromJsonAsync<JsonElement>("/api/v1/reconciliation?month=2026-12");

        Assert.Equal(2, report.GetProperty("recorded").GetInt32());
        Assert.Equal(8.00m, (await BaselineAsync()).GetProperty("spent").GetDecimal()); // reconcile mode counts nothing
        var request = _provider.CostRequests.Single();
        Assert.Equal(AnthropicKey, request.Key);
        Assert.Equal("2023-06-01", request.AnthropicVersion);
        Assert.Contains("group_by[]=workspace_id", Uri.UnescapeDataString(request.Query));

        var anthropic = first.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "anthropic");
        Assert.Equal(8.00m, anthropic.GetProperty("tracked").GetDecimal());
        Assert.Equal(11.00m, anthropic.GetProperty("billed").GetDecimal());
        Assert.Equal(3.00m, anthropic.GetProperty("drift").GetDecimal());
        Assert.Equal(27.27m, anthropic.GetProperty("driftPercent").GetDecimal());
        Assert.True(anthropic.GetProperty("aboveThreshold").GetBoolean());
        var team = anthropic.GetProperty("teams").EnumerateArray().Single();
        Assert.Equal(2.00m, team.GetProperty("drift").GetDecimal());
        Assert.Contains(anthropic.GetProperty("explanations").EnumerateArray(), e => e.GetString()!.Contains("wrkspc_other"));

        await _hook.WaitForAsync(calls => calls.Any(c => c.Json.GetProperty("kind").GetString() == "reconciliation-drift"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await RunAsync("anthropic-costs"); // the poll's own drift check finds the notice already given
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_hook.Accepted, c => c.GetProperty("kind").GetString() == "reconciliation-drift");
    }

    [Fact]
    public async Task Reconciliation_WithoutMonth_Is400()
    {
        var response = await _admin.GetAsync("/api/v1/reconciliation?month=December");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<JsonElement> RunAsync(string job)
    {
        var response = await AdminCalls.Ok(_admin.PostAsync($"/api/v1/admin/jobs/{job}/run?force=true", null));
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(run.GetProperty("ran").GetBoolean());
        return run.GetProperty("result");
    }

    private HttpClient Client(string key)
    {
        var client = _bot.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<JsonElement> BaselineAsync()
    {
        var status = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");
        return status.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "baseline");
    }

    /// <summary>Records each wait the pollers ask for and returns at once.</summary>
    private sealed class Waits() : ConnectorDelay(TimeProvider.System)
    {
        public ConcurrentQueue<TimeSpan> Recorded { get; } = new();

        public override Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            Recorded.Enqueue(delay);
            return Task.CompletedTask;
        }
    }
}
