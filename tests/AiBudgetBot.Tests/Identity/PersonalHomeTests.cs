using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AiBudgetBot.Slack;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Teams;

namespace AiBudgetBot.Tests.Identity;

/// <summary>A home for each person: Slack's App Home tab and Teams' first 1:1 message, for someone known only by email.</summary>
public sealed class PersonalHomeTests : IAsyncLifetime
{
    private ChatTestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await ChatTestBot.StartAsync();
        await AdminCalls.Ok(_bot.Bot.Admin().PutAsJsonAsync("/api/v1/people", new[] { new { email = "bea@contoso.com", name = "Bea Lin", roles = Array.Empty<string>() } }));
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task SlackAppHomeOpened_PublishesTheHome_WithEveryTeamWithinTheViewLimits()
    {
        // Twelve teams of two pools each: more than a home can draw, so the view must stay valid.
        var admin = _bot.Bot.Admin();
        for (var i = 0; i < 12; i++)
        {
            await AdminCalls.Ok(admin.PutAsJsonAsync($"/api/v1/teams/team{i:00}", new { name = $"Team {i:00}", owners = new[] { "dana" }, members = new[] { "bea" } }));
            foreach (var pool in new[] { "baseline", "pilot" })
            {
                await AdminCalls.Ok(admin.PutAsJsonAsync($"/api/v1/teams/team{i:00}/pools/{pool}", new { kind = pool == "pilot" ? "sandbox" : "baseline", stage = "steady", amount = 500m, period = "monthly", start = "2026-01-01", softLimitPercent = 100, hardLimitPercent = 100 }));
            }
        }

        _bot.Slack.AddUser("U0BEA", "Bea@Contoso.com");

        await _bot.SlackEventAsync(new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0BEA", ["channel"] = "D0BEA", ["tab"] = "home", ["event_ts"] = "1765368000.000100" });

        var publish = (await _bot.Slack.WaitForAsync("views.publish")).Single();
        Assert.Equal("U0BEA", publish.Str("user_id"));
        var view = publish.Body["view"]!;
        Assert.Equal("home", view["type"]!.GetValue<string>());
        var blocks = view["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, SlackLimits.BlocksPerHomeView);
        AssertWithinBlockKitLimits(blocks);
        var text = ChatTestBot.Read(blocks);
        Assert.Contains("Team 00", text);
        Assert.Contains("$500.00 left", text);
        Assert.Contains("Also in: Team 08, Team 09, Team 10, Team 11", text);
        var buttons = blocks.Where(b => b!["type"]!.GetValue<string>() == "actions").SelectMany(b => b!["elements"]!.AsArray()).ToList();
        Assert.Contains(buttons, b => b!["action_id"]!.GetValue<string>() == "request-increase" && b["value"]!.GetValue<string>() == "team00");
    }

    [Fact]
    public async Task SlackAppHomeOpened_ByAStranger_ShowsNoNumbers()
    {
        _bot.Slack.AddUser("U0ZED", "zed@elsewhere.example");

        await _bot.SlackEventAsync(new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0ZED", ["channel"] = "D0ZED", ["tab"] = "home" });

        var view = (await _bot.Slack.WaitForAsync("views.publish")).Single().Body["view"]!;
        var text = ChatTestBot.Read(view);
        Assert.Contains("I don't know you yet", text);
        Assert.DoesNotContain("$", text);
    }

    [Fact]
    public async Task TeamsInstalledForAPerson_FirstMessageIsTheirHome_AndHelpShowsItToo()
    {
        await AdminCalls.Ok(_bot.Bot.Admin().PutAsJsonAsync("/api/v1/teams/marketing", new { name = "Marketing", owners = new[] { "dana" }, members = new[] { "alice", "bea" } }));
        _bot.Teams.AddMember("29:bea", "aad-bea", "bea@contoso.com", ChatTestBot.Tenant);
        var install = TeamsTestHost.Fixture("conversationUpdate.bot-added-personal.json");
        install["serviceUrl"] = _bot.Teams.ServiceUrl;
        install["from"] = new JsonObject { ["id"] = "29:bea", ["aadObjectId"] = "aad-bea" };
        install["membersAdded"]![1] = new JsonObject { ["id"] = "29:bea", ["aadObjectId"] = "aad-bea" };
        install["conversation"]!["id"] = "a:bea-personal";
        install["recipient"]!["id"] = install["membersAdded"]![0]!["id"]!.GetValue<string>(); // the docs' placeholder → the bot that was added
        install["channelData"]!["tenant"]!["id"] = ChatTestBot.Tenant;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(install.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", _bot.Teams.SignToken());

        (await _bot.Client.SendAsync(request)).EnsureSuccessStatusCode();

        var first = _bot.Teams.CallsTo("POST").Single();
        Assert.Equal("v3/conversations/a%3Abea-personal/activities", first.Path);
        var card = ChatTestBot.Read(first.Body!["attachments"]![0]!["content"]);
        Assert.Contains("Hi Bea Lin", card);
        Assert.Contains("$1,000.00 left", card);
        Assert.Contains("request-increase", card);

        var help = (await _bot.TeamsAsync("aad-bea", "help", accountId: "29:bea")).Read();
        Assert.Contains("$1,000.00 left", help);
        Assert.Contains("budget", help);
    }

    /// <summary>The Block Kit limits Slack enforces on a view (PROTOCOLS.md): a breach is invalid_blocks.</summary>
    private static void AssertWithinBlockKitLimits(JsonArray blocks)
    {
        foreach (var block in blocks)
        {
            switch (block!["type"]!.GetValue<string>())
            {
                case "section":
                    Assert.True((block["text"]?["text"]?.GetValue<string>().Length ?? 0) <= SlackLimits.SectionText);
                    Assert.True((block["fields"]?.AsArray().Count ?? 0) <= SlackLimits.FieldsPerSection);
                    break;
                case "header":
                    Assert.True(block["text"]!["text"]!.GetValue<string>().Length <= SlackLimits.HeaderText);
                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Assert.InRange(elements.Count, 1, SlackLimits.ElementsPerActions);
                    Assert.All(elements, e => Assert.True(e!["text"]!["text"]!.GetValue<string>().Length <= SlackLimits.ButtonText));
                    break;
            }
        }
    }
}
