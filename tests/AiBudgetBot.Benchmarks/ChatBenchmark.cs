using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static AiBudgetBot.Benchmarks.IngestBenchmark;

namespace AiBudgetBot.Benchmarks;

internal sealed record ChatOptions(IReadOnlyList<int> Rates, TimeSpan Warmup, TimeSpan Duration);

/// <summary>
/// The chat <c>budget</c> answer as a Slack user gets it: a signed <c>/aibudget budget</c> slash
/// command in, the budget card out (inline in the command's answer, or at <c>response_url</c> when
/// the bot defers), set against <c>GET /healthz</c> at the same rate in the same run.
/// </summary>
internal sealed class ChatBenchmark(ChatOptions options) : IBenchmark
{
    private const string SigningSecret = "bench-slack-signing-secret-0123456789";
    private const string Workspace = "T0BENCH";
    private const string SlackUser = "U0DANA";
    private const string Team = "marketing";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public string Section => "Chat budget answer";

    public string HowToRead => """
        - **Everything runs on one small machine at once** (Azurite, the host as its own process on
          loopback, a Slack stand-in and the load generator); the **ratio** to the empty endpoint
          measured in the same run at the same rate is the figure to compare.
        - **Answer out**: the time from sending a signed `POST /api/slack/commands` (`/aibudget budget`,
          form-encoded, `X-Slack-Signature` over the body as Slack signs it) to holding the budget card:
          the command's own HTTP answer when the bot answers inline, or the bot's POST to the command's
          `response_url` (served by the stand-in on loopback) when it acks "Working on it…" first. A call
          counts as failed when neither carries the team's budget card.
        - **Open loop**: a command is due every 1/rate s whether or not earlier ones have answered, and
          each is timed from when it was due, so a stall shows as latency (no coordinated omission).
          Percentiles are nearest-rank over the commands due after the warm-up.
        - **Limit**: `GET /healthz` (no store, no body) at the same rate, just before and just after,
          from the same client: the floor of HTTP on these cores. The limit is their mean p50/p99.
        - **What the answer does**: verifies the signature, finds the person by Slack id in the
          directory snapshot, point-reads each active pool's ledger row from the store (in parallel,
          so the figures are the status API's, exact), reads last month's ROI for the verdict line
          (and this month's when last month had no spend, as here: the team is new), and renders
          Block Kit. Those are store round trips in sequence, which the empty endpoint does not make.
        """;

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<string> Notes => _notes;

    public IReadOnlyDictionary<string, string> HostSettings { get; private set; } = new Dictionary<string, string>();

    public async Task RunAsync(string repositoryRoot)
    {
        Progress("starting Azurite (in memory) and the Slack stand-in");
        await using var azurite = await AiBudgetBot.Tests.Infrastructure.Azurite.StartPrivateAsync();
        await using var slack = await SlackStandIn.StartAsync(Workspace);
        HostSettings = new Dictionary<string, string>(BotServer.Settings(azurite.ConnectionString, "c" + _run))
        {
            ["Slack__BotToken"] = "xoxb-bench-token",
            ["Slack__SigningSecret"] = SigningSecret,
            ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        };
        Progress("starting the host (dotnet AiBudgetBot.dll, Release)");
        await using var bot = await BotServer.StartAsync(HostSettings);
        using var admin = bot.Client(BotServer.AdminKey);
        using var gateway = bot.Client(BotServer.IngestKey);
        using var anonymous = bot.Client("none");

        Progress("seeding prices, a Slack-linked owner, a team with two pools and some spend");
        await SeedPricesAndOwnerAsync(admin);
        await Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", email = "dana@contoso.com", slackUserId = SlackUser, roles = new[] { "owner" } }));
        await SeedTeamsAsync(admin, [Team], 5_000m, onboard: true);
        await Ok(admin.PutAsJsonAsync($"/api/v1/teams/{Team}/pools/sandbox", new { kind = "sandbox", stage = "pilot", amount = 500m, period = "monthly", start = "2026-01-01" }));
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        await Ok(gateway.PostAsJsonAsync("/api/v1/usage", Enumerable.Range(0, 200).Select(i => new
        {
            id = $"{_run}-seed-{i}",
            timestamp = now,
            team = Team,
            user = $"user{i % 7}",
            workflow = $"workflow{i % 3}",
            model = i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini",
            provider = "openai",
            inputTokens = 12_000,
            outputTokens = 3_000,
            cachedInputTokens = 0,
        }).ToArray()));

        var sent = 0;
        async Task<bool> Command()
        {
            var id = Interlocked.Increment(ref sent);
            return await BudgetCommandAsync(anonymous, slack, id);
        }

        Progress("warming up (JIT, directory snapshot, ledger copies, connections)");
        for (var i = 0; i < 100; i++)
        {
            if (!await Command())
            {
                throw new InvalidOperationException("The budget command did not answer with the team's budget card during warm-up: the benchmark would measure the wrong thing.");
            }
        }

        var inlineBefore = slack.LateAnswers;
        foreach (var rate in options.Rates)
        {
            Progress($"GET /healthz at {rate}/s for {options.Duration.TotalSeconds:0} s (before)");
            var before = await Measure.OpenLoopAsync(rate, options.Duration, async _ => (await anonymous.GetAsync("/healthz")).IsSuccessStatusCode);
            Progress($"/aibudget budget at {rate}/s: {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s");
            await Measure.OpenLoopAsync(rate, options.Warmup, _ => Command());
            var lateBefore = slack.LateAnswers;
            var budget = await Measure.OpenLoopAsync(rate, options.Duration, _ => Command());
            var late = slack.LateAnswers - lateBefore;
            Progress($"GET /healthz at {rate}/s for {options.Duration.TotalSeconds:0} s (after)");
            var after = await Measure.OpenLoopAsync(rate, options.Duration, async _ => (await anonymous.GetAsync("/healthz")).IsSuccessStatusCode);
            double p50 = (before.P50 + after.P50) / 2, p99 = (before.P99 + after.P99) / 2;
            Console.WriteLine($"    budget: {budget}; healthz before: {before}; after: {after}");
            _figures.Add(new Figure(
                $"Chat `budget` via Slack slash command, open loop {rate}/s, {options.Duration.TotalSeconds:0} s (p95 {budget.P95:0.0}, max {budget.Max:0.0} ms; {budget.Count} answered, {budget.Failures} failed; {late} deferred to response_url)",
                $"p50 {budget.P50:0.0} / p99 {budget.P99:0.0} ms",
                $"GET /healthz at {rate}/s: p50 {p50:0.0} / p99 {p99:0.0} ms (before p99 {before.P99:0.0}, after {after.P99:0.0})",
                $"p50 {budget.P50 / p50:0.0}× / p99 {budget.P99 / p99:0.0}× the empty endpoint",
                "Slack waits 3 s for a command's answer; the bot answers inline within Slack:CommandInlineWaitMilliseconds (2 s)"));
        }

        _notes.Add($"{slack.LateAnswers - inlineBefore} of the measured and warm-up commands were answered late at response_url; the rest inline.");
    }

    /// <summary>One signed <c>/aibudget budget</c>; true when the team's budget card came back (inline or late).</summary>
    private async Task<bool> BudgetCommandAsync(HttpClient client, SlackStandIn slack, int id)
    {
        var late = slack.Expect(id);
        var body = string.Join('&', new Dictionary<string, string>
        {
            ["token"] = "deprecated",
            ["team_id"] = Workspace,
            ["team_domain"] = "contoso",
            ["channel_id"] = "C0MARKETING",
            ["channel_name"] = "marketing",
            ["user_id"] = SlackUser,
            ["user_name"] = "dana",
            ["command"] = "/aibudget",
            ["text"] = "budget",
            ["api_app_id"] = "A0BENCH",
            ["response_url"] = slack.ResponseUrl(id).ToString(),
            ["trigger_id"] = $"{_run}.{id}",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Sign(timestamp, body));
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            slack.Forget(id);
            return false;
        }

        var answer = await response.Content.ReadAsStringAsync();
        if (IsBudgetCard(answer))
        {
            slack.Forget(id);
            return true;
        }

        // Acked with "Working on it…": the card arrives at response_url.
        var delivered = await late.WaitAsync(TimeSpan.FromSeconds(30));
        return IsBudgetCard(delivered);
    }

    /// <summary>The card names the team and its pools; an apology, a "who are you" or an ack does not.</summary>
    private static bool IsBudgetCard(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("blocks", out var blocks)
            && blocks.ValueKind == JsonValueKind.Array
            && json.Contains(Team, StringComparison.OrdinalIgnoreCase)
            && json.Contains("sandbox", StringComparison.OrdinalIgnoreCase);
    }

    private static string Sign(string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return "v0=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Slack on loopback: the Web API (<c>auth.test</c> names the workspace; anything else is ok) and
    /// one <c>response_url</c> per command, so a deferred answer is matched to the command that asked.
    /// </summary>
    private sealed class SlackStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _waiting = new();
        private long _lateAnswers;

        private SlackStandIn(WebApplication app, Uri root)
        {
            _app = app;
            ApiBaseUrl = new Uri(root, "api/");
            Root = root;
        }

        public Uri ApiBaseUrl { get; }

        private Uri Root { get; }

        public long LateAnswers => Interlocked.Read(ref _lateAnswers);

        public static async Task<SlackStandIn> StartAsync(string workspace)
        {
            var port = AiBudgetBot.Tests.Infrastructure.Azurite.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var standIn = new SlackStandIn(app, new Uri($"http://127.0.0.1:{port}/"));
            app.MapPost("/api/{method}", (string method) => method == "auth.test"
                ? Results.Json(new { ok = true, team_id = workspace, user_id = "U0BOT", bot_id = "B0BOT" })
                : Results.Json(new { ok = true }));
            app.MapPost("/respond/{id:int}", async (int id, HttpRequest request) =>
            {
                var body = await new StreamReader(request.Body).ReadToEndAsync();
                Interlocked.Increment(ref standIn._lateAnswers);
                if (standIn._waiting.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult(body);
                }

                return Results.Ok();
            });
            await app.StartAsync();
            return standIn;
        }

        public Uri ResponseUrl(int id) => new(Root, $"respond/{id}");

        public Task<string> Expect(int id) => _waiting.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Forget(int id) => _waiting.TryRemove(id, out _);

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
