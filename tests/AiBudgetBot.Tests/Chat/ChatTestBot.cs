using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Slack;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Slack;
using AiBudgetBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Chat;

/// <summary>
/// The real host (Program.cs) over the shared Azurite, with Teams pointed at the Bot Framework
/// stand-in and Slack at the Slack API stand-in, both on loopback, and one fake clock for all.
/// The directory: Marketing (owner Dana, member Alice), Ada (admin and finance, in no team).
/// </summary>
public sealed class ChatTestBot : IAsyncDisposable
{
    /// <summary>Ten and a half days into December: late enough for a forecast.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    public const string SlackSecret = "chat-signing-secret-0123456789abcdef";
    public const string DanaAad = "aad-dana-0001";
    public const string AliceAad = "aad-alice-0002";
    public const string AdaAad = "aad-ada-0003";

    /// <summary>The tenant of the Teams fixtures; configured as the organization's (Teams:TenantId).</summary>
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private ChatTestBot(BotFactory bot, BotFrameworkStandIn teams, SlackApiStandIn slack, FakeTimeProvider time)
    {
        Bot = bot;
        Teams = teams;
        Slack = slack;
        Time = time;
        Client = bot.CreateClient();
    }

    public BotFactory Bot { get; }

    public BotFrameworkStandIn Teams { get; }

    public SlackApiStandIn Slack { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<ChatTestBot> StartAsync()
    {
        var time = new FakeTimeProvider(Now);
        var teams = await BotFrameworkStandIn.StartAsync(time);
        var slack = await SlackApiStandIn.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = teams.AppId,
            ["Teams:AppPassword"] = teams.AppPassword,
            ["Teams:OpenIdMetadataUrl"] = teams.MetadataUrl,
            ["Teams:TokenEndpoint"] = teams.TokenUrl,
            ["Teams:TenantId"] = Tenant,
            ["Slack:BotToken"] = "xoxb-chat-test",
            ["Slack:SigningSecret"] = SlackSecret,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["Slack:BotUserId"] = "U0BOT",
            // The demo's campaign-copy sends 30,000 input tokens per call: long for this organization.
            ["Analytics:LongContextTokens"] = "16000",
        };
        var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix(), settings, time);
        var chat = new ChatTestBot(bot, teams, slack, time);
        await chat.SeedAsync();
        return chat;
    }

    /// <summary>The team as stored (the snapshot is dropped first, so this reads the table).</summary>
    public async Task<Team> TeamAsync(string id = "marketing")
    {
        var store = Bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        return (await store.CurrentAsync()).FindTeam(id)!;
    }

    /// <summary>Spend for December: Alice's long o1 prompts dominate, Dana's small gpt-4o-mini calls do not.</summary>
    public async Task IngestDecemberAsync()
    {
        var events = new List<object>();
        for (var i = 0; i < 10; i++)
        {
            events.Add(new { id = $"alice-{i}", timestamp = Now.AddHours(-i - 1), team = "marketing", user = "alice@contoso.com", workflow = "campaign-copy", model = "o1", inputTokens = 30_000, outputTokens = 1_000, cost = 30.00m });
        }

        events.Add(new { id = "dana-1", timestamp = Now.AddHours(-2), team = "marketing", user = "dana@contoso.com", workflow = "video-render", model = "gpt-4o-mini", inputTokens = 500, outputTokens = 200, cost = 12.10m });
        await AdminCalls.Ok(Bot.Ingest().PostAsJsonAsync("/api/v1/usage", events));
    }

    /// <summary>A Teams message to the bot: 1:1, or an @mention in a channel thread.</summary>
    /// <param name="accountId">The sender's 29: id (the fixture's when null).</param>
    /// <param name="tenant">The activity's tenant (the fixture's, which is the organization's, when null).</param>
    public async Task<JsonNode> TeamsAsync(string aadObjectId, string text, bool inChannel = false, string? accountId = null, string? tenant = null)
    {
        var before = Teams.Calls.Count;
        var response = await SendTeamsMessageAsync(Client, Teams, aadObjectId, text, inChannel, accountId, tenant);
        response.EnsureSuccessStatusCode();
        var reply = Teams.Calls.Skip(before).Single(c => c.Method == "POST");
        return reply.Body!["attachments"]![0]!["content"]!;
    }

    /// <summary>A Teams message to any bot (an in-process host or a <see cref="BotProcess"/>), signed by the stand-in.</summary>
    public static async Task<HttpResponseMessage> SendTeamsMessageAsync(HttpClient client, BotFrameworkStandIn teams, string aadObjectId, string text, bool inChannel = false, string? accountId = null, string? tenant = null)
    {
        var activity = TeamsTestHost.Fixture(inChannel ? "message.channel.bot-mention.reply-to-thread.json" : "message.personal.received.json");
        activity["serviceUrl"] = teams.ServiceUrl;
        activity["from"]!["aadObjectId"] = aadObjectId;
        if (accountId is not null)
        {
            activity["from"]!["id"] = accountId;
        }

        if (tenant is not null)
        {
            activity["channelData"]!["tenant"]!["id"] = tenant;
            activity["conversation"]!["tenantId"] = tenant;
        }

        activity["text"] = inChannel ? "<at>ridotest</at> " + text : text;
        activity["id"] = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", teams.SignToken());
        return await client.SendAsync(request);
    }

    /// <summary>The <c>/aibudget</c> slash command; returns the inline answer.</summary>
    public async Task<JsonNode> SlashAsync(string userId, string channelId, string text)
    {
        var form = $"token=x&team_id=T0&channel_id={channelId}&channel_name={(channelId.StartsWith('D') ? "directmessage" : "marketing")}&user_id={userId}&user_name=someone"
            + "&command=%2Faibudget&text=" + Uri.EscapeDataString(text)
            + "&response_url=" + Uri.EscapeDataString(Slack.HookUrl("commands/T0/1/x").AbsoluteUri) + "&trigger_id=1.2.3";
        var response = await PostSlackAsync("/api/slack/commands", Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A Slack DM (message.im event); returns what the bot posted back.</summary>
    public async Task<SlackApiCall> SlackDmAsync(string userId, string channelId, string text)
    {
        var before = Slack.CallsTo("chat.postMessage").Count;
        var body = new JsonObject
        {
            ["token"] = "x",
            ["team_id"] = "T0",
            ["api_app_id"] = "A0",
            ["type"] = "event_callback",
            ["event_id"] = "Ev" + Guid.NewGuid().ToString("N")[..10],
            ["event_time"] = Now.ToUnixTimeSeconds(),
            ["event"] = new JsonObject
            {
                ["type"] = "message",
                ["channel_type"] = "im",
                ["channel"] = channelId,
                ["user"] = userId,
                ["text"] = text,
                ["ts"] = "1765368000.000100",
                ["event_ts"] = "1765368000.000100",
            },
        };
        var response = await PostSlackAsync("/api/slack/events", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
        response.EnsureSuccessStatusCode();
        return (await Slack.WaitForAsync("chat.postMessage", before + 1))[before];
    }

    /// <summary>Any Events API callback (e.g. app_home_opened), signed like Slack signs it.</summary>
    public async Task SlackEventAsync(JsonObject slackEvent)
    {
        var body = new JsonObject
        {
            ["token"] = "x",
            ["team_id"] = "T0",
            ["api_app_id"] = "A0",
            ["type"] = "event_callback",
            ["event_id"] = "Ev" + Guid.NewGuid().ToString("N")[..10],
            ["event_time"] = Now.ToUnixTimeSeconds(),
            ["event"] = slackEvent,
        };
        (await PostSlackAsync("/api/slack/events", Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json")).EnsureSuccessStatusCode();
    }

    /// <summary>Every string in a rendered card or Slack payload, unescaped, one per line: what a person would read.</summary>
    /// <summary>Waits for a message posted to a Slack channel that contains <paramref name="text"/>; returns what it reads.</summary>
    public async Task<string> CardInSlackAsync(string text)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var posts = Slack.CallsTo("chat.postMessage").Select(c => Read(c.Body)).Where(b => b.Contains(text, StringComparison.Ordinal)).ToList();
            if (posts.Count > 0)
            {
                return posts[^1];
            }

            // The Slack pacer spaces posts per channel on the host's (fake) clock: let it tick.
            Time.Advance(TimeSpan.FromSeconds(1));
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"No Slack post containing '{text}'; got: {string.Join(" || ", Slack.CallsTo("chat.postMessage").Select(c => Read(c.Body)))}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A Teams Action.Execute click on a card button; returns the invoke answer.</summary>
    public Task<JsonNode> ClickTeamsAsync(string aadObjectId, string verb, string subjectId) => ClickTeamsAsync(Client, Teams, aadObjectId, verb, subjectId);

    /// <summary>A Teams card click on any bot (an in-process host or a <see cref="BotProcess"/>); returns the invoke answer.</summary>
    public static async Task<JsonNode> ClickTeamsAsync(HttpClient client, BotFrameworkStandIn teams, string aadObjectId, string verb, string subjectId)
    {
        var activity = TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json");
        activity["serviceUrl"] = teams.ServiceUrl;
        activity["from"]!["aadObjectId"] = aadObjectId;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["value"]!["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject { ["verb"] = verb, ["subjectId"] = subjectId } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", teams.SignToken());
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static string Read(JsonNode? node) => node switch
    {
        JsonObject o => string.Join("\n", o.Select(p => Read(p.Value))),
        JsonArray a => string.Join("\n", a.Select(Read)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        await Teams.DisposeAsync();
        await Slack.DisposeAsync();
    }

    private async Task<HttpResponseMessage> PostSlackAsync(string path, byte[] body, string contentType)
    {
        // Signed on the host's (fake) clock, which is the one the verification filter reads.
        var timestamp = Time.GetUtcNow().ToUnixTimeSeconds().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Compute(SlackSecret, timestamp, body));
        var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private async Task SeedAsync()
    {
        var admin = Bot.Admin();
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/prices", new[]
        {
            new { model = "gpt-4o-mini", provider = "openai", tier = "economy", inputPerMillion = 0.15m, outputPerMillion = 0.60m, effectiveFrom = "2024-07-18" },
            new { model = "o1", provider = "openai", tier = "reasoning", inputPerMillion = 15m, outputPerMillion = 60m, effectiveFrom = "2024-12-17" },
        }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/dana", new { displayName = "Dana Reyes", teamsAadObjectId = DanaAad, slackUserId = "U0DANA", roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/alice", new { displayName = "Alice Ng", teamsAadObjectId = AliceAad, slackUserId = "U0ALICE", roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/ada", new { displayName = "Ada Admin", teamsAadObjectId = AdaAad, slackUserId = "U0ADA", roles = new[] { "admin", "finance" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice" } }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/marketing/pools/baseline", new { kind = "baseline", stage = "steady", amount = 1000m, period = "monthly", start = "2026-01-01", softLimitPercent = 100, hardLimitPercent = 110 }));
    }
}

internal static class JsonReading
{
    public static string Read(this JsonNode node) => ChatTestBot.Read(node);
}
