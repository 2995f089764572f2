using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Slack;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Resilience;

/// <summary>The real host with Teams and Slack on, shared by the hostile-input tests (each leaves the state as it found it).</summary>
public sealed class HostileHost : IAsyncLifetime
{
    public ChatTestBot Chat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Chat = await ChatTestBot.StartAsync();
        await AdminCalls.Ok(Chat.Bot.Admin().PostAsync("/api/v1/teams/marketing/onboarding", JsonContent("""{"acceptedBy":"dana"}""")));
    }

    public async Task DisposeAsync() => await Chat.DisposeAsync();

    public static StringContent JsonContent(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    /// <summary>What must not move when a request is refused: the team as stored and the pool's spend and holds.</summary>
    public async Task<string> StateAsync()
    {
        var status = await (await AdminCalls.Ok(Chat.Bot.Admin().GetAsync("/api/v1/teams/marketing/status"))).Content.ReadAsStringAsync();
        var store = Chat.Bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        var directory = await store.CurrentAsync();
        return status + JsonSerializer.Serialize(new { team = directory.FindTeam("marketing"), pools = directory.PoolsOf("marketing"), dana = directory.FindPerson("dana") });
    }

    /// <summary>Posts to Slack signed with the host's secret on the host's clock, whatever the answer.</summary>
    public Task<HttpResponseMessage> PostSlackAsync(string path, byte[] body, string contentType)
    {
        var timestamp = Chat.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(ChatTestBot.SlackSecret, timestamp, body));
        return Chat.Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostTeamsAsync(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Chat.Teams.SignToken());
        return Chat.Client.SendAsync(request);
    }

    /// <summary>A refusal as the API promises it: 4xx, a problem with a detail, and nothing changed.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        using var problem = JsonDocument.Parse(text);
        var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        Assert.False(string.IsNullOrWhiteSpace(detail), $"no detail in {text}");
        return detail!;
    }
}

/// <summary>
/// Malformed Unicode and wrong types in every public body: a clear 400 with a detail, nothing
/// changed, never a 5xx. A lone surrogate (<c>"\ud800"</c>) used to be a 500 on usage and Slack.
/// </summary>
public sealed class HostileInputTests(HostileHost host) : IClassFixture<HostileHost>
{
    private const string Lone = "\\ud800";

    private static readonly string[] EventFields = ["id", "timestamp", "team", "user", "workflow", "model", "pool", "currency"];

    private static string Event(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = "\"hostile-1\"",
            ["timestamp"] = "\"2026-12-10T10:00:00Z\"",
            ["team"] = "\"marketing\"",
            ["user"] = "\"dana@contoso.com\"",
            ["workflow"] = "\"copy\"",
            ["model"] = "\"gpt-4o-mini\"",
            ["pool"] = "\"baseline\"",
            ["currency"] = "\"USD\"",
            ["cost"] = "1.25",
        };
        fields[field] = value;
        return "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    }

    public static TheoryData<string> Fields() => [.. EventFields];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Usage_LoneSurrogateInAnyField_Is400WithDetailAndCountsNothing(string field)
    {
        var before = await host.StateAsync();
        var single = Event(field, $"\"x{Lone}y\"");

        foreach (var body in new[] { single, $"[{Event("id", "\"fine-1\"")},{single}]" })
        {
            var response = await host.Chat.Bot.Ingest().PostAsync("/api/v1/usage", HostileHost.JsonContent(body));
            var detail = await HostileHost.AssertProblemAsync(response);
            Assert.Contains("surrogate", detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, await host.StateAsync());
    }

    [Fact]
    public async Task Usage_LoneSurrogateInAPropertyName_Is400WithDetail()
    {
        var response = await host.Chat.Bot.Ingest().PostAsync("/api/v1/usage", HostileHost.JsonContent("{\"te" + Lone + "am\":\"marketing\"}"));
        Assert.Contains("property name", await HostileHost.AssertProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageNdjson_LoneSurrogateLine_IsRejectedWithItsReasonAndCountsNothing()
    {
        var before = await host.StateAsync();
        var body = Event("team", $"\"{Lone}\"") + "\n" + Event("user", $"\"a\\udc00\"") + "\n";

        var response = await host.Chat.Bot.Ingest().PostAsync("/api/v1/usage", HostileHost.JsonContent(body, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.Contains("surrogate", r.GetProperty("errors")[0].GetString(), StringComparison.Ordinal));
        Assert.Equal(before, await host.StateAsync());
    }

    [Fact]
    public async Task UsageLiteLlm_LoneSurrogate_Is400WithDetail()
    {
        var fixture = File.ReadAllText(Path.Combine(Fixtures.Root, "litellm", "standard_logging_payload.gcs_pub_sub.json"));
        var hostile = fixture.Replace("\"model\": \"", "\"model\": \"" + Lone, StringComparison.Ordinal);
        Assert.NotEqual(fixture, hostile);
        var before = await host.StateAsync();

        var response = await host.Chat.Bot.Ingest().PostAsync("/api/v1/usage/litellm", HostileHost.JsonContent(hostile));

        Assert.Contains("surrogate", await HostileHost.AssertProblemAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await host.StateAsync());
    }

    [Theory]
    [InlineData("{\"team\":\"mark" + Lone + "eting\",\"estimatedCost\":1}")]
    [InlineData("{\"team\":\"marketing\",\"workflow\":\"" + Lone + "\",\"estimatedCost\":1}")]
    [InlineData("{\"team\":\"marketing\",\"model\":\"\\udfff\",\"estimatedInputTokens\":1}")]
    [InlineData("{\"team\":\"marketing\",\"estimatedCost\":\"one dollar\"}")]
    [InlineData("{\"team\":\"marketing\",\"estimatedCost\":1e400}")]
    [InlineData("{\"team\":[\"marketing\"],\"estimatedCost\":1}")]
    [InlineData("{\"team\":\"marketing\",\"estimatedCost\":1")]
    [InlineData("")]
    public async Task Authorize_MalformedBody_Is400WithDetailAndHoldsNothing(string body)
    {
        var before = await host.StateAsync();

        var response = await host.Chat.Bot.Ingest().PostAsync("/api/v1/authorize", HostileHost.JsonContent(body));

        await HostileHost.AssertProblemAsync(response);
        Assert.Equal(before, await host.StateAsync());
    }

    [Theory]
    [InlineData("/api/v1/teams/marketing", "{\"name\":\"Marketing" + Lone + "\",\"owners\":[\"dana\"]}")]
    [InlineData("/api/v1/teams/marketing", "{\"name\":\"Marketing\",\"owners\":[\"" + Lone + "\"]}")]
    [InlineData("/api/v1/teams/marketing/pools/baseline", "{\"kind\":\"baseline\",\"stage\":\"st" + Lone + "eady\",\"amount\":5,\"period\":\"monthly\",\"start\":\"2026-01-01\"}")]
    [InlineData("/api/v1/teams/marketing/pools/baseline", "{\"kind\":\"baseline\",\"stage\":\"steady\",\"amount\":\"lots\",\"period\":\"monthly\",\"start\":\"2026-01-01\"}")]
    [InlineData("/api/v1/people/dana", "{\"displayName\":\"Dana" + Lone + "\",\"roles\":[]}")]
    public async Task Admin_MalformedBody_Is400WithDetailAndChangesNothing(string path, string body)
    {
        var before = await host.StateAsync();

        var response = await host.Chat.Bot.Admin().PutAsync(path, HostileHost.JsonContent(body));

        await HostileHost.AssertProblemAsync(response);
        Assert.Equal(before, await host.StateAsync());
    }

    [Fact]
    public async Task SlackEvent_LoneSurrogate_Is400WithDetail()
    {
        var body = "{\"type\":\"event_callback\",\"event_id\":\"EvHostile1\",\"event\":{\"type\":\"message\",\"channel_type\":\"im\",\"channel\":\"D1\",\"user\":\"U0DANA\",\"text\":\"budget" + Lone + "\"}}";

        var response = await host.PostSlackAsync("/api/slack/events", Encoding.UTF8.GetBytes(body), "application/json");

        Assert.Contains("surrogate", await HostileHost.AssertProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlackInteraction_LoneSurrogateInPayload_Is400WithDetail()
    {
        var payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0DANA\"},\"actions\":[{\"action_id\":\"x" + Lone + "\"}]}";
        var form = "payload=" + Uri.EscapeDataString(payload);

        var response = await host.PostSlackAsync("/api/slack/interactions", Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded");

        Assert.Contains("surrogate", await HostileHost.AssertProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsActivity_LoneSurrogate_Is400()
    {
        var activity = TeamsTestHostFixture("\"text\":\"budget" + Lone + "\"");

        var response = await host.PostTeamsAsync(activity);

        await HostileHost.AssertProblemAsync(response);
    }

    private string TeamsTestHostFixture(string field) =>
        "{\"type\":\"message\",\"id\":\"h1\",\"serviceUrl\":\"" + host.Chat.Teams.ServiceUrl + "\",\"channelId\":\"msteams\","
        + "\"from\":{\"id\":\"29:1\",\"aadObjectId\":\"" + ChatTestBot.DanaAad + "\"},\"conversation\":{\"id\":\"a:1\",\"conversationType\":\"personal\"},"
        + "\"recipient\":{\"id\":\"28:bot\"}," + field + "}";
}
