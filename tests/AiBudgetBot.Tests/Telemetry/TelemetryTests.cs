using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;

namespace AiBudgetBot.Tests.Telemetry;

/// <summary>
/// What an operator sees of the bot's own instruments, read off a real process (its own meters,
/// not shared with other tests in this process): the Prometheus scrape and OTLP export.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Metrics_AfterIngestAndAuthorize_ScrapeCountsEachOutcome()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = await BotProcess.StartAsync(storage, BotFactory.NewPrefix(), new Dictionary<string, string?> { ["Telemetry__Prometheus"] = "true" });
        var admin = bot.Client(BotFactory.AdminKey);
        var ingest = bot.Client(BotFactory.IngestKey);
        await AdminCalls.SeedAsync(admin);

        // Two counted, one refused in the same batch; then one of them again: a duplicate.
        await AdminCalls.Ok(ingest.PostAsync("api/v1/usage", Json($"[{Event("m1", 0.5m)},{Event("m2", 0.25m)},{Event("m3", -1m)}]")));
        await AdminCalls.Ok(ingest.PostAsync("api/v1/usage", Json(Event("m1", 0.5m))));
        await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 1m }));
        await AdminCalls.Ok(admin.PostAsJsonAsync("api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));
        await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 1m }));
        await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 2m }));
        await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/authorize", new { team = "nobody", estimatedCost = 1m }));
        await AdminCalls.Ok(admin.PostAsync("api/v1/admin/jobs/override-expiry/run", null));

        var scrape = "";
        using var scraper = new HttpClient { BaseAddress = bot.BaseAddress };
        // The exporter caches a scrape briefly, so read until the last call shows.
        await Eventually.TrueAsync(
            () =>
            {
                scrape = scraper.GetStringAsync("metrics").GetAwaiter().GetResult();
                return PrometheusText.Value(scrape, "aibudget_job_runs_total", "job=\"override-expiry\"", "outcome=\"succeeded\"") is >= 1;
            },
            TimeSpan.FromSeconds(30),
            "the job run in the scrape");

        Assert.Equal(2, PrometheusText.Value(scrape, "aibudget_usage_events_total", "outcome=\"accepted\""));
        Assert.Equal(1, PrometheusText.Value(scrape, "aibudget_usage_events_total", "outcome=\"duplicate\""));
        Assert.Equal(1, PrometheusText.Value(scrape, "aibudget_usage_events_total", "outcome=\"rejected\""));
        Assert.Equal(1, PrometheusText.Value(scrape, "aibudget_authorize_decisions_total", "decision=\"deny\"", "reason=\"not-onboarded\""));
        Assert.Equal(2, PrometheusText.Value(scrape, "aibudget_authorize_decisions_total", "decision=\"allow\"", "reason=\"within-budget\""));
        Assert.Equal(1, PrometheusText.Value(scrape, "aibudget_authorize_decisions_total", "decision=\"deny\"", "reason=\"unknown-team\""));
        // Where each was decided: the denials before the ledger; the first allow against the ledger row
        // (no lease yet: one miss), the second there or from the lease taken meanwhile.
        Assert.Equal(2, PrometheusText.Value(scrape, "aibudget_authorize_decisions_total", "decision=\"deny\"", "path=\"directory\""));
        var againstLedger = PrometheusText.Value(scrape, "aibudget_authorize_decisions_total", "reason=\"within-budget\"", "path=\"ledger\"") ?? 0;
        var fromLease = PrometheusText.Value(scrape, "aibudget_authorize_decisions_total", "reason=\"within-budget\"", "path=\"lease\"") ?? 0;
        Assert.True(againstLedger >= 1);
        Assert.Equal(2, againstLedger + fromLease);
        Assert.True(PrometheusText.Value(scrape, "aibudget_lease_misses_total", "reason=\"no-lease\"") >= 1);
        Assert.Equal(4, PrometheusText.Value(scrape, "aibudget_authorize_duration_seconds_count"));
        Assert.Equal(2, PrometheusText.Value(scrape, "aibudget_authorize_duration_seconds_count", "decision=\"allow\""));
        // The usage batch and the allows reach the ledger (holds per call or a lease taken and renewed
        // in the background): how many transactions that takes is the writer's business, at least two.
        Assert.True(PrometheusText.Value(scrape, "aibudget_ledger_commits_total") >= 2, scrape);
        Assert.NotNull(PrometheusText.Value(scrape, "aibudget_outbox_backlog"));
    }

    [Fact]
    public async Task Metrics_WhenAnotherInstanceWroteTheLedgerFirst_CountTheConflict()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var prefix = BotFactory.NewPrefix();
        await using var bot = await BotProcess.StartAsync(storage, prefix, new Dictionary<string, string?> { ["Telemetry__Prometheus"] = "true" });
        // A second instance of the same deployment.
        await using var other = new BotFactory(storage, prefix);
        await AdminCalls.SeedAsync(bot.Client(BotFactory.AdminKey));
        var ingest = bot.Client(BotFactory.IngestKey);

        // The process keeps the ledger row's ETag from its own write; the other instance's write makes it stale.
        await AdminCalls.Ok(ingest.PostAsync("api/v1/usage", Json(Event("c1", 1m))));
        await AdminCalls.Ok(other.Ingest().PostAsync("/api/v1/usage", Json(Event("c2", 1m))));
        await AdminCalls.Ok(ingest.PostAsync("api/v1/usage", Json(Event("c3", 1m))));

        using var scraper = new HttpClient { BaseAddress = bot.BaseAddress };
        var scrape = "";
        await Eventually.TrueAsync(
            () =>
            {
                scrape = scraper.GetStringAsync("metrics").GetAwaiter().GetResult();
                return PrometheusText.Value(scrape, "aibudget_usage_events_total", "outcome=\"accepted\"") is 2;
            },
            TimeSpan.FromSeconds(30),
            "both of the process's events in the scrape");
        Assert.True(PrometheusText.Value(scrape, "aibudget_ledger_conflicts_total") >= 1, scrape);
        var pool = (await other.Admin().GetFromJsonAsync<JsonElement>("/api/v1/teams/marketing/status")).GetProperty("pools")[0];
        Assert.Equal(3, pool.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Metrics_WhenTheStoreIsDown_AuthorizeCountsAsUnavailable()
    {
        var azurite = await Azurite.StartPrivateAsync();
        await using var bot = await BotProcess.StartAsync(azurite.ConnectionString, BotFactory.NewPrefix(), new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" });
        await AdminCalls.SeedAsync(bot.Client(BotFactory.AdminKey));
        await AdminCalls.Ok(bot.Client(BotFactory.AdminKey).PostAsJsonAsync("api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));

        await azurite.DisposeAsync();
        var authorize = await bot.Client(BotFactory.IngestKey).PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 1m });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, authorize.StatusCode);
        using var scraper = new HttpClient { BaseAddress = bot.BaseAddress };
        await Eventually.TrueAsync(
            () => PrometheusText.Value(scraper.GetStringAsync("metrics").GetAwaiter().GetResult(), "aibudget_authorize_decisions_total", "decision=\"unavailable\"", "reason=\"store-unavailable\"") is 1,
            TimeSpan.FromSeconds(30),
            "the unavailable authorize in the scrape");
    }

    [Fact]
    public async Task Metrics_WhenAWebhookKeepsFailing_ShowTheBacklogAndTheChannelsFailures()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            hook.AnswerNext(HttpStatusCode.InternalServerError);
        }

        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = await BotProcess.StartAsync(storage, BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Telemetry__Prometheus"] = "true",
            ["Webhooks__Url"] = hook.Url,
            ["Webhooks__Secret"] = "webhook-secret-0123456789",
        });
        await AdminCalls.SeedAsync(bot.Client(BotFactory.AdminKey));

        // Past half the budget: a threshold alert goes to the outbox, and the webhook refuses it.
        await AdminCalls.Ok(bot.Client(BotFactory.IngestKey).PostAsync("api/v1/usage", Json(Event("big", 600m))));
        await hook.WaitForAsync(calls => calls.Any(c => c.Status == 500), seconds: 30);

        using var scraper = new HttpClient { BaseAddress = bot.BaseAddress };
        var scrape = "";
        await Eventually.TrueAsync(
            () =>
            {
                scrape = scraper.GetStringAsync("metrics").GetAwaiter().GetResult();
                return PrometheusText.Value(scrape, "aibudget_notification_delivery_failures_total", "channel=\"webhook\"", "outcome=\"retry\"") is >= 1
                    && PrometheusText.Value(scrape, "aibudget_outbox_backlog") is >= 1;
            },
            TimeSpan.FromSeconds(30),
            "the failed delivery and the waiting notification in the scrape");
        Assert.Null(PrometheusText.Value(scrape, "aibudget_notification_delivery_failures_total", "outcome=\"failed\""));
    }

    [Fact]
    public async Task Metrics_ByDefault_NoScrapeEndpoint()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = new BotFactory(storage, BotFactory.NewPrefix());

        var response = await bot.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Otlp_WhenEndpointSet_ExportsTheBotsInstrumentsAndSpans()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = await BotProcess.StartAsync(storage, BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await AdminCalls.SeedAsync(bot.Client(BotFactory.AdminKey));

        await AdminCalls.Ok(bot.Client(BotFactory.IngestKey).PostAsync("api/v1/usage", Json(Event("o1", 0.5m))));
        await AdminCalls.Ok(bot.Client(BotFactory.IngestKey).PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 1m }));

        await Eventually.TrueAsync(
            () => collector.Received("/v1/metrics", "aibudget_usage_events") && collector.Received("/v1/metrics", "aibudget_authorize_decisions")
                && collector.Received("/v1/metrics", "aibudget_authorize_duration") && collector.Received("/v1/metrics", "aibudget_ledger_commits"),
            TimeSpan.FromSeconds(30),
            "the bot's instruments at /v1/metrics");
        await Eventually.TrueAsync(
            () => collector.Received("/v1/traces", "usage.ingest") && collector.Received("/v1/traces", "authorize"),
            TimeSpan.FromSeconds(30),
            "the bot's spans at /v1/traces");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Event(string id, decimal cost) => JsonSerializer.Serialize(new
    {
        id, timestamp = TimeProvider.System.GetUtcNow().AddMinutes(-5), team = "marketing", user = "alice", model = "gpt-4o", cost,
    });
}
