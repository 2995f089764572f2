using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiBudgetBot.Tests.Connectors;

/// <summary>
/// LiteLLM's team admin API and OpenAI's and Anthropic's cost APIs on 127.0.0.1 (real Kestrel,
/// real HTTP), answering in the shapes of the fixtures: <c>/team/block</c> and <c>/team/unblock</c>
/// check the bearer and the fields BlockTeamRequest requires (422 otherwise); the cost endpoints
/// serve the pages a test scripts, built from the published example responses.
/// </summary>
public sealed class ProviderStandIn : IAsyncDisposable
{
    public const string MasterKey = "sk-litellm-master-0123456789";
    public const string OpenAiKey = "sk-admin-openai-0123456789";
    public const string AnthropicKey = "sk-ant-admin-0123456789";

    private static readonly string[] BlockRequired = ReadBlockRequired();
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _costScript = new();

    private ProviderStandIn(WebApplication app) => _app = app;

    public Uri Root { get; private set; } = null!;

    /// <summary>While true, LiteLLM answers 503 with Retry-After: 1 (an outage).</summary>
    public bool LiteLlmDown
    {
        get => Volatile.Read(ref _liteLlmDown);
        set => Volatile.Write(ref _liteLlmDown, value);
    }

    private bool _liteLlmDown;

    public ConcurrentQueue<TeamCall> TeamCalls { get; } = new();

    public ConcurrentQueue<CostRequest> CostRequests { get; } = new();

    /// <summary>The pages of the cost APIs: page token (null = first) → (buckets, next page token).</summary>
    public ConcurrentDictionary<string, (IReadOnlyList<Bucket> Buckets, string? Next)> Pages { get; } = new();

    public IReadOnlyList<TeamCall> Accepted(string action) => TeamCalls.Where(c => c.Action == action && c.Status == 200).ToList();

    public static async Task<ProviderStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new ProviderStandIn(app);
        app.MapPost("/team/{action}", (string action, HttpContext http) => standIn.TeamAsync(action, http));
        app.MapGet("/v1/organization/costs", (HttpContext http) => standIn.CostsAsync(http, anthropic: false));
        app.MapGet("/v1/organizations/cost_report", (HttpContext http) => standIn.CostsAsync(http, anthropic: true));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Root = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>The next cost request is answered with <paramref name="status"/> (429 with Retry-After, 401…).</summary>
    public void AnswerNextCostRequest(int status, string? retryAfter = null) => _costScript.Enqueue((status, retryAfter));

    public void ServePages(params (IReadOnlyList<Bucket> Buckets, string? Next)[] pages)
    {
        Pages.Clear();
        string? token = null;
        foreach (var page in pages)
        {
            Pages[token ?? ""] = page;
            token = page.Next;
        }
    }

    private async Task TeamAsync(string action, HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorized = http.Request.Headers.Authorization.ToString() == "Bearer " + MasterKey;
        string? teamId = null;
        var valid = false;
        try
        {
            var json = JsonNode.Parse(body) as JsonObject;
            valid = json is not null && BlockRequired.All(name => json[name] is JsonValue v && v.TryGetValue<string>(out _));
            teamId = json?["team_id"]?.GetValue<string>();
        }
        catch (JsonException)
        {
        }

        var status = LiteLlmDown ? 503 : !authorized ? 401 : action is not ("block" or "unblock") ? 404 : !valid ? 422 : 200;
        TeamCalls.Enqueue(new TeamCall(action, teamId, status, http.Request.Headers.Authorization.ToString()));
        http.Response.StatusCode = status;
        if (status == 503)
        {
            http.Response.Headers.RetryAfter = "1";
        }
        else if (status == 200)
        {
            // LiteLLM answers with the updated LiteLLM_TeamTable row.
            await http.Response.WriteAsJsonAsync(new { team_id = teamId, blocked = action == "block" });
        }
    }

    private async Task CostsAsync(HttpContext http, bool anthropic)
    {
        var query = http.Request.QueryString.Value ?? "";
        var key = anthropic ? http.Request.Headers["x-api-key"].ToString() : http.Request.Headers.Authorization.ToString();
        CostRequests.Enqueue(new CostRequest(anthropic ? "anthropic" : "openai", query, key, http.Request.Headers["anthropic-version"].ToString()));
        if (_costScript.TryDequeue(out var scripted))
        {
            http.Response.StatusCode = scripted.Status;
            if (scripted.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = scripted.RetryAfter;
            }

            await http.Response.WriteAsJsonAsync(new { error = new { message = "scripted", type = scripted.Status == 429 ? "rate_limit_error" : "authentication_error" } });
            return;
        }

        if (key != (anthropic ? AnthropicKey : "Bearer " + OpenAiKey))
        {
            http.Response.StatusCode = 401;
            return;
        }

        var page = http.Request.Query["page"].ToString();
        var (buckets, next) = Pages.TryGetValue(page, out var found) ? found : ([], null);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync((anthropic ? AnthropicPage(buckets, next) : OpenAiPage(buckets, next)).ToJsonString());
    }

    /// <summary>The published example response with the test's buckets in place of its one.</summary>
    private static JsonNode OpenAiPage(IReadOnlyList<Bucket> buckets, string? next)
    {
        var page = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Root, "openai", "costs.response.example.json")))!;
        var template = page["data"]![0]!;
        var data = new JsonArray();
        foreach (var bucket in buckets)
        {
            var b = template.DeepClone();
            b["start_time"] = bucket.Start.ToUnixTimeSeconds();
            b["end_time"] = bucket.Start.AddDays(1).ToUnixTimeSeconds();
            var results = new JsonArray();
            foreach (var line in bucket.Lines)
            {
                var r = template["results"]![0]!.DeepClone();
                r["amount"]!["value"] = line.Amount;
                r["project_id"] = line.Project;
                r["line_item"] = line.Item;
                results.Add(r);
            }

            b["results"] = results;
            data.Add(b);
        }

        page["data"] = data;
        page["has_more"] = next is not null;
        page["next_page"] = next;
        return page;
    }

    private static JsonNode AnthropicPage(IReadOnlyList<Bucket> buckets, string? next)
    {
        var page = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.Root, "anthropic", "cost_report.response.platform-docs-2026.json")))!;
        var template = page["data"]![0]!;
        var data = new JsonArray();
        foreach (var bucket in buckets)
        {
            var b = template.DeepClone();
            b["starting_at"] = bucket.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            b["ending_at"] = bucket.Start.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var results = new JsonArray();
            foreach (var line in bucket.Lines)
            {
                var r = template["results"]![0]!.DeepClone();
                // The cost report states amounts in cents, as decimal strings.
                r["amount"] = (line.Amount * 100m).ToString(System.Globalization.CultureInfo.InvariantCulture);
                r["workspace_id"] = line.Project;
                r["description"] = line.Item;
                r["model"] = "claude-sonnet-4";
                results.Add(r);
            }

            b["results"] = results;
            data.Add(b);
        }

        page["data"] = data;
        page["has_more"] = next is not null;
        page["next_page"] = next;
        return page;
    }

    private static string[] ReadBlockRequired()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.Root, "litellm", "team-block-unblock.openapi-subset.json")));
        return spec.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("BlockTeamRequest").GetProperty("required")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record TeamCall(string Action, string? TeamId, int Status, string Authorization);

    public sealed record CostRequest(string Provider, string Query, string Key, string AnthropicVersion);

    /// <summary>A day's bucket; amounts in dollars (the Anthropic page states them in cents).</summary>
    public sealed record Bucket(DateTimeOffset Start, params Line[] Lines);

    public sealed record Line(string? Project, string Item, decimal Amount);
}
