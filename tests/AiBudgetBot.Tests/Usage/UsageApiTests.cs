using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Usage;

/// <summary>The usage API end to end: real host, real Azurite.</summary>
public sealed class UsageApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private BotFactory _bot = null!;
    private HttpClient _ingest = null!;
    private HttpClient _admin = null!;
    private string _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = (await Azurite.SharedAsync()).ConnectionString;
        _bot = new BotFactory(_connection, BotFactory.NewPrefix(), time: _time);
        _ingest = _bot.Ingest();
        _admin = _bot.Admin();
        await AdminCalls.SeedAsync(_admin);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Usage_SingleEvent_IsPricedFromCatalogAndShowsInStatus()
    {
        var result = await PostAsync(Event("e1"));

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var pool = await BaselineAsync();
        // 1,200 input tokens at $2.50/M + 300 output at $10/M = $0.003 + $0.003.
        Assert.Equal(0.006m, pool.GetProperty("spent").GetDecimal());
        Assert.Equal(999.994m, pool.GetProperty("remaining").GetDecimal());
    }

    [Fact]
    public async Task Usage_CachedInputTokens_ArePricedAtTheCachedRate()
    {
        await PostAsync(Event("cached", input: 1_000_000, output: 0, cached: 400_000));

        // 600k uncached at $2.50/M + 400k cached at $1.25/M.
        Assert.Equal(2.0m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_DuplicateInsideOneBatch_IsCountedOnce()
    {
        var result = await PostAsync(Array(Event("dup"), Event("dup"), Event("other")));

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        Assert.Equal(0.012m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_SameEventsSentAgain_AreDuplicatesAndChangeNothing()
    {
        var batch = Array(Enumerable.Range(0, 150).Select(i => Event($"r{i}", cost: 0.01m)).ToArray());
        var first = await PostAsync(batch);
        var second = await PostAsync(batch);

        Assert.Equal(150, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(150, second.GetProperty("duplicates").GetInt32());
        var pool = await BaselineAsync();
        Assert.Equal(1.50m, pool.GetProperty("spent").GetDecimal());
        Assert.Equal(150, pool.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Usage_ReplayedToARestartedHost_IsCountedOnce()
    {
        var batch = Array(Event("a", cost: 1m), Event("b", cost: 2m));
        await PostAsync(batch);
        await _bot.DisposeAsync();

        _bot = new BotFactory(_connection, _bot.Prefix, time: _time);
        var replay = await PostAsync(batch, _bot.Ingest());

        Assert.Equal(2, replay.GetProperty("duplicates").GetInt32());
        Assert.Equal(3m, (await BaselineAsync(_bot.Admin())).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_AfterThePoolsWriterRetiredForIdleness_IsCountedByAFreshOne()
    {
        await using var quick = new BotFactory(_connection, BotFactory.NewPrefix(), new Dictionary<string, string?> { ["Storage:WriterIdleSeconds"] = "1" }, _time);
        await AdminCalls.SeedAsync(quick.Admin());
        await PostAsync(Event("before-idle", cost: 1m), quick.Ingest());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var after = await PostAsync(Event("after-idle", cost: 2m), quick.Ingest()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, after.GetProperty("accepted").GetInt32());
        Assert.Equal(3m, (await BaselineAsync(quick.Admin())).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_Ndjson_CountsEachLineAndReportsBadLines()
    {
        var body = string.Join("\n", Event("n1", cost: 1m), Event("n2", cost: 1m), "{not json", "") + "\n";
        var response = await _ingest.PostAsync("/api/v1/usage", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().Single();
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Contains("not valid JSON", rejected.GetProperty("errors")[0].GetString());
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","cost":1}""", "id is required")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00","team":"marketing","model":"gpt-4o","cost":1}""", "with an offset")]
    [InlineData("""{"id":"x","timestamp":"2026-12-17T10:00:00Z","team":"marketing","model":"gpt-4o","cost":1}""", "more than a day in the future")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"nobody","model":"gpt-4o","cost":1}""", "team 'nobody' is not known")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"mystery-1","inputTokens":10}""", "cost unknown")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","inputTokens":-1}""", "must not be negative")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","cost":-0.5}""", "must not be negative")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","inputTokens":5,"cachedInputTokens":6}""", "cannot exceed inputTokens")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","cost":1,"currency":"EUR"}""", "differs from the organization's USD")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","cost":1,"pool":"video"}""", "pool 'video' does not exist")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","cost":1}""", "model is required")]
    [InlineData("""{"id":"x","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","inputTokens":"12"}""", "must be a whole number")]
    [InlineData("""42""", "must be a JSON object")]
    public async Task Usage_InvalidEvent_IsRejectedWithItsReasonAndCountsNothing(string json, string reason)
    {
        var result = await PostAsync(Array(json, Event("good", cost: 1m)));

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().Single();
        Assert.Equal(0, rejected.GetProperty("index").GetInt32());
        Assert.Contains(rejected.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(1m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_IdLongerThan200Characters_IsRejected()
    {
        var result = await PostAsync(Event(new string('x', 201), cost: 1m));

        Assert.Contains("longer than 200", result.GetProperty("rejected")[0].GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task Usage_IdsWithCharactersTableKeysForbid_AreStoredAndDeduplicated()
    {
        var result = await PostAsync(Array(Event("a/b#c?d\\e%f", cost: 1m), Event("a/b#c?d\\e%f", cost: 1m), Event("a%2Fb#c?d\\e%f", cost: 1m)));

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Usage_MalformedJson_Returns400Problem()
    {
        var response = await _ingest.PostAsync("/api/v1/usage", new StringContent("[{\"id\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Usage_BodyOver4MiB_Returns413AndCountsNothing()
    {
        var padding = new string(' ', 4 * 1024 * 1024);
        var response = await _ingest.PostAsync("/api/v1/usage", new StringContent($"[{Event("big", cost: 1m)}{padding}]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key-0123456789")]
    [InlineData("Basic aW5nZXN0LWtleQ==")]
    public async Task Usage_WithoutAValidKey_Returns401AndCountsNothing(string? authorization)
    {
        var client = _bot.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.PostAsync("/api/v1/usage", Json(Event("sneaky", cost: 5m)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task AdminApi_WithIngestionKey_Returns401()
    {
        var response = await _ingest.PutAsJsonAsync("/api/v1/teams/evil", new { name = "Evil", owners = new[] { "x" } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Usage_EventRoutedByWorkflow_LandsInTheProjectPool()
    {
        await AdminCalls.Ok(_admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/video", new
        {
            kind = "project", stage = "pilot", amount = 500m, period = "fixed", start = "2026-11-01", end = "2027-01-31", workflows = new[] { "video-render" },
        }));

        await PostAsync(Array(Event("v1", cost: 7m, workflow: "video-render"), Event("b1", cost: 1m, workflow: "copy")));

        var status = await StatusAsync();
        var pools = status.GetProperty("pools").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal(7m, pools["video"].GetProperty("spent").GetDecimal());
        Assert.Equal("fixed-2026-11-01", pools["video"].GetProperty("period").GetString());
        Assert.Equal(1m, pools["baseline"].GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_ManyConcurrentRequestsWithOverlap_CountEveryEventExactlyOnce()
    {
        // 20 senders, each posting 100 events of which half overlap with the next sender's.
        var senders = Enumerable.Range(0, 20).Select(s =>
            PostAsync(Array(Enumerable.Range(s * 50, 100).Select(i => Event($"c{i}", cost: 0.125m)).ToArray())));
        var results = await Task.WhenAll(senders);

        var distinct = (19 * 50) + 100;
        Assert.Equal(distinct, results.Sum(r => r.GetProperty("accepted").GetInt32()));
        Assert.Equal((20 * 100) - distinct, results.Sum(r => r.GetProperty("duplicates").GetInt32()));
        Assert.Equal(distinct * 0.125m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_TwoInstancesWritingOnePool_CountEveryEventExactlyOnce()
    {
        await using var second = new BotFactory(_connection, _bot.Prefix, time: _time);
        var other = second.Ingest();

        var sends = Enumerable.Range(0, 10).SelectMany(s => new[]
        {
            PostAsync(Array(Enumerable.Range(s * 40, 40).Select(i => Event($"m{i}", cost: 0.5m)).ToArray())),
            PostAsync(Array(Enumerable.Range(s * 40, 40).Select(i => Event($"m{i}", cost: 0.5m)).ToArray()), other),
        });
        var results = await Task.WhenAll(sends);

        Assert.Equal(400, results.Sum(r => r.GetProperty("accepted").GetInt32()));
        Assert.Equal(400, results.Sum(r => r.GetProperty("duplicates").GetInt32()));
        Assert.Equal(200m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task Usage_LateEventForLastMonth_CountsInLastMonthsLedger()
    {
        await PostAsync(Array(Event("late", cost: 4m, timestamp: "2026-11-30T23:59:59Z"), Event("now", cost: 1m)));

        Assert.Equal(1m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
        var november = await _bot.Services.GetRequiredService<LedgerReader>().ReadAsync("marketing", "baseline", "2026-11", default);
        Assert.Equal(4m, november.Spent);
    }

    [Fact]
    public async Task UsageLiteLlm_RealStandardLoggingPayload_IsCountedAtItsResponseCost()
    {
        var fixture = JsonNode(File.ReadAllText(Path.Combine(Fixtures.Root, "litellm", "standard_logging_payload.gcs_pub_sub.json")));
        fixture["metadata"]!["user_api_key_team_id"] = "marketing";
        // The sample dates from January 2025; stamp it inside the current month.
        fixture["endTime"] = "2026-12-10 09:20:46.851954";
        var single = fixture.ToJsonString();
        var response = await _ingest.PostAsync("/api/v1/usage/litellm", new StringContent($"[{single},{single}]", Encoding.UTF8, "application/json"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        Assert.Equal(0.000225m, (await BaselineAsync()).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task UsageLiteLlm_WithoutTeamMetadata_IsRejectedWithWhatToConfigure()
    {
        var fixture = File.ReadAllText(Path.Combine(Fixtures.Root, "litellm", "standard_logging_payload.gcs_pub_sub.json"));
        var response = await _ingest.PostAsync("/api/v1/usage/litellm", new StringContent(fixture, Encoding.UTF8, "application/json"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("user_api_key_team_id", result.GetProperty("rejected")[0].GetProperty("errors")[0].GetString());
    }

    private static System.Text.Json.Nodes.JsonNode JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;

    private static string Event(string id, long input = 1200, long output = 300, long cached = 0, decimal? cost = null, string? workflow = null, string timestamp = "2026-12-14T10:00:00Z") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["timestamp"] = timestamp,
            ["team"] = "marketing",
            ["user"] = "alice@contoso.com",
            ["workflow"] = workflow ?? "campaign-copy",
            ["model"] = "gpt-4o",
            ["provider"] = "openai",
            ["inputTokens"] = input,
            ["outputTokens"] = output,
            ["cachedInputTokens"] = cached,
            ["cost"] = cost,
        });

    private static string Array(params string[] events) => "[" + string.Join(",", events) + "]";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<JsonElement> PostAsync(string body, HttpClient? client = null)
    {
        var response = await (client ?? _ingest).PostAsync("/api/v1/usage", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"usage answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> StatusAsync(HttpClient? admin = null) =>
        await (admin ?? _admin).GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status");

    private async Task<JsonElement> BaselineAsync(HttpClient? admin = null) =>
        (await StatusAsync(admin)).GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "baseline");
}
