using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AiBudgetBot.Slack;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Connectors;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using AiBudgetBot.Tests.Teams;

namespace AiBudgetBot.Tests.Security;

/// <summary>
/// Secrets never reach the log: a real process with every secret configured and Debug (or Trace) logging
/// runs a full flow (admin, usage over the limit, authorize, a signed webhook, LiteLLM blocking,
/// provider cost polls, a Slack command and DM, a Teams message), and its whole output is
/// searched for each secret.
/// </summary>
public sealed class SecretsInLogTests
{
    private const string SlackSigningSecret = "slack-signing-secret-5f3a9c1e7b";
    private const string SlackBotToken = "xoxb-1111-2222-secret-token-8d2f";
    private const string WebhookSecret = "webhook-secret-a7c41e09b3d2";

    [Theory]
    [InlineData("Debug")]
    [InlineData("Trace")]
    public async Task FullFlow_LogContainsNoConfiguredSecret(string level)
    {
        await using var teams = await BotFrameworkStandIn.StartAsync(TimeProvider.System);
        await using var slack = await SlackApiStandIn.StartAsync();
        await using var provider = await ProviderStandIn.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var storageKey = storage.Split(';').Select(p => p.Trim()).First(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        await using var bot = await BotProcess.StartAsync(storage, BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Default"] = level,
            ["Slack__SigningSecret"] = SlackSigningSecret,
            ["Slack__BotToken"] = SlackBotToken,
            ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["Slack__BotUserId"] = "U0BOT",
            ["Teams__AppId"] = teams.AppId,
            ["Teams__AppPassword"] = teams.AppPassword,
            ["Teams__OpenIdMetadataUrl"] = teams.MetadataUrl,
            ["Teams__TokenEndpoint"] = teams.TokenUrl,
            ["Teams__TenantId"] = ChatTestBot.Tenant,
            ["Webhooks__Url"] = hook.Url,
            ["Webhooks__Secret"] = WebhookSecret,
            ["Connectors__OpenAI__AdminKey"] = ProviderStandIn.OpenAiKey,
            ["Connectors__OpenAI__BaseUrl"] = new Uri(provider.Root, "v1/").ToString(),
            ["Connectors__OpenAI__Mode"] = "ingest",
            ["Connectors__OpenAI__Projects__proj_mkt"] = "marketing",
            ["Connectors__Anthropic__AdminKey"] = ProviderStandIn.AnthropicKey,
            ["Connectors__Anthropic__BaseUrl"] = new Uri(provider.Root, "v1/").ToString(),
            ["Connectors__Anthropic__Mode"] = "reconcile",
            ["Connectors__Anthropic__Workspaces__wrkspc_mkt"] = "marketing",
            ["Connectors__LiteLlm__Enforce"] = "true",
            ["Connectors__LiteLlm__BaseUrl"] = provider.Root.ToString(),
            ["Connectors__LiteLlm__MasterKey"] = ProviderStandIn.MasterKey,
            ["Connectors__LiteLlm__CheckSeconds"] = "1",
            ["Connectors__LiteLlm__Teams__marketing"] = "mkt-litellm",
            ["Outbox__SweepSeconds"] = "1",
        });
        var admin = bot.Client(BotFactory.AdminKey);
        var ingest = bot.Client(BotFactory.IngestKey);
        using var anonymous = new HttpClient { BaseAddress = bot.BaseAddress };

        // Admin: the directory, with Dana reachable in Teams and Slack.
        await AdminCalls.SeedAsync(admin);
        await AdminCalls.Ok(admin.PutAsJsonAsync("api/v1/people/dana", new { displayName = "Dana Reyes", email = "dana@contoso.com", teamsAadObjectId = ChatTestBot.DanaAad, slackUserId = "U0DANA", roles = new[] { "owner" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "steady", amount = 1000m, period = "monthly", start = "2026-01-01", softLimitPercent = 100, hardLimitPercent = 110 }));
        await AdminCalls.Ok(admin.PostAsJsonAsync("api/v1/teams/marketing/onboarding", new { acceptedBy = "dana", reference = "test" }));

        // Gateways: authorize, then usage past the hard limit (thresholds to the webhook, a block to LiteLLM).
        await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/authorize", new { team = "marketing", estimatedCost = 1m, requestId = "req-1" }));
        var now = TimeProvider.System.GetUtcNow();
        await AdminCalls.Ok(ingest.PostAsJsonAsync("api/v1/usage", new[]
        {
            new { id = "req-1", timestamp = now.AddMinutes(-2), team = "marketing", user = "alice", model = "gpt-4o", cost = 600m },
            new { id = "e-2", timestamp = now.AddMinutes(-1), team = "marketing", user = "alice", model = "gpt-4o", cost = 600m },
        }));
        await hook.WaitForAsync(calls => calls.Any(c => c.Status == 200 && c.Signature.Length > 0), seconds: 30);
        await Eventually.TrueAsync(() => !provider.TeamCalls.IsEmpty, TimeSpan.FromSeconds(30), "LiteLLM's team to be blocked");

        // Provider cost APIs, with their admin keys.
        await AdminCalls.Ok(admin.PostAsync("api/v1/admin/jobs/openai-costs/run", null));
        await AdminCalls.Ok(admin.PostAsync("api/v1/admin/jobs/anthropic-costs/run", null));

        // Slack: a signed slash command (answered inline) and a DM (answered with the bot token).
        var command = "token=x&team_id=T0&channel_id=D0DANA&channel_name=directmessage&user_id=U0DANA&user_name=dana&command=%2Faibudget&text=budget"
            + "&response_url=" + Uri.EscapeDataString(slack.HookUrl("commands/T0/1/x").AbsoluteUri) + "&trigger_id=1.2.3";
        await AdminCalls.Ok(anonymous.SendAsync(SignedSlack("api/slack/commands", command, "application/x-www-form-urlencoded")));
        var dm = new JsonObject
        {
            ["token"] = "x", ["team_id"] = "T0", ["api_app_id"] = "A0", ["type"] = "event_callback",
            ["event_id"] = "Ev" + Guid.NewGuid().ToString("N")[..10], ["event_time"] = now.ToUnixTimeSeconds(),
            ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D0DANA", ["user"] = "U0DANA", ["text"] = "budget", ["ts"] = "1765368000.000100", ["event_ts"] = "1765368000.000100" },
        };
        await AdminCalls.Ok(anonymous.SendAsync(SignedSlack("api/slack/events", dm.ToJsonString(), "application/json")));
        await slack.WaitForAsync("chat.postMessage", 1, TimeSpan.FromSeconds(30));

        // Teams: a message from Dana; the reply needs a token bought with the app password.
        var activity = TeamsTestHost.Fixture("message.personal.received.json");
        activity["serviceUrl"] = teams.ServiceUrl;
        activity["from"]!["aadObjectId"] = ChatTestBot.DanaAad;
        activity["text"] = "budget";
        activity["id"] = Guid.NewGuid().ToString("N");
        using (var message = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") })
        {
            message.Headers.Authorization = new("Bearer", teams.SignToken());
            await AdminCalls.Ok(anonymous.SendAsync(message));
        }

        await Eventually.TrueAsync(() => teams.Calls.Any(c => c.Method == "POST"), TimeSpan.FromSeconds(30), "the Teams reply");

        // Refusals log too: a wrong key and a badly signed Slack request.
        Assert.False((await bot.Client("not-a-key-0123456789").GetAsync("api/v1/teams/marketing/status")).IsSuccessStatusCode);
        using (var forged = new HttpRequestMessage(HttpMethod.Post, "api/slack/commands") { Content = new StringContent(command, Encoding.UTF8, "application/x-www-form-urlencoded") })
        {
            forged.Headers.Add("X-Slack-Request-Timestamp", now.ToUnixTimeSeconds().ToString());
            forged.Headers.Add("X-Slack-Signature", "v0=" + new string('0', 64));
            Assert.False((await anonymous.SendAsync(forged)).IsSuccessStatusCode);
        }

        // The console logger writes from a queue: wait until the output stops growing.
        var length = -1;
        await Eventually.TrueAsync(
            () =>
            {
                var previous = length;
                Thread.Sleep(500);
                length = bot.Output.Length;
                return length == previous;
            },
            TimeSpan.FromSeconds(30),
            "the log to settle");
        var log = bot.Output;
        Assert.Contains("dbug: ", log); // Debug really was on: the search below had something to search.
        var secrets = new Dictionary<string, string>
        {
            ["Ingestion:ApiKeys"] = BotFactory.IngestKey,
            ["Admin:ApiKey"] = BotFactory.AdminKey,
            ["Slack:SigningSecret"] = SlackSigningSecret,
            ["Slack:BotToken"] = SlackBotToken,
            ["Teams:AppPassword"] = teams.AppPassword,
            ["Webhooks:Secret"] = WebhookSecret,
            ["Connectors:OpenAI:AdminKey"] = ProviderStandIn.OpenAiKey,
            ["Connectors:Anthropic:AdminKey"] = ProviderStandIn.AnthropicKey,
            ["Connectors:LiteLlm:MasterKey"] = ProviderStandIn.MasterKey,
            ["Storage:ConnectionString (AccountKey)"] = storageKey,
        };
        var leaked = secrets.Where(s => log.Contains(s.Value, StringComparison.Ordinal)).Select(s => s.Key).ToList();
        Assert.True(leaked.Count == 0, $"The log ({log.Length:N0} characters) contains: {string.Join(", ", leaked)}");
    }

    private static HttpRequestMessage SignedSlack(string path, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(SlackSigningSecret, timestamp, bytes));
        return request;
    }
}
