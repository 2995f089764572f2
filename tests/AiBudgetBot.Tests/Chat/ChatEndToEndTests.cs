using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Chat;

/// <summary>Chat through the real host: Teams and Slack wire protocols in, cards out, the store changed.</summary>
public sealed class ChatEndToEndTests : IAsyncLifetime
{
    private ChatTestBot _bot = null!;

    public async Task InitializeAsync() => _bot = await ChatTestBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task TeamsPersonalBudget_AfterUsage_ShowsSpentLimitRemainingAndForecast()
    {
        await _bot.IngestDecemberAsync();

        var card = (await _bot.TeamsAsync(ChatTestBot.DanaAad, "budget")).Read();

        // 10 × $30 + $12.10 = $312.10 of $1,000; 9.5 of 31 days gone → about $312.10 × 31 / 9.5 (Forecast.EndOfPeriod, as on the status API).
        Assert.Contains("Marketing has $687.90 left (31 % used)", card);
        Assert.Contains("$312.10 of $1,000.00", card);
        Assert.Contains("on pace for $1,018.43 by Dec 31", card);
        Assert.Contains("Hard limit", card);
        Assert.Contains("$1,100.00 (110 %)", card);
        Assert.Contains("view-usage", card);
    }

    [Fact]
    public async Task TeamsBudgetQuestion_HowMuchIsLeft_IsTheBudgetAnswer()
    {
        var card = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "how much is left?")).Read();

        Assert.Contains("Marketing has $1,000.00 left", card);
    }

    [Fact]
    public async Task TeamsChannelMention_Usage_ShowsWorkflowsTiersUsersAndDrivers()
    {
        await _bot.IngestDecemberAsync();

        var card = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "usage", inChannel: true)).Read();

        Assert.Contains("Marketing usage, December 2026: $312.10", card);
        Assert.Contains("campaign-copy", card);
        Assert.Contains("reasoning", card);
        Assert.Contains("alice@contoso.com", card);
        Assert.Contains("What drives cost", card);
        Assert.Contains("1 of 2 users (alice@contoso.com) made 96 % of the spend", card);
        Assert.Contains("campaign-copy averages 30,000 input tokens per call", card);
        Assert.Contains("went to frontier and reasoning models, mostly o1", card);
    }

    [Fact]
    public async Task SlackSlashCommand_Budget_AnswersInlineAndPrivately()
    {
        await _bot.IngestDecemberAsync();

        var answer = await _bot.SlashAsync("U0DANA", "C0MKT", "budget");

        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        var text = ChatTestBot.Read(answer);
        Assert.Contains("$687.90 left", text);
        Assert.True(text.Contains("on pace for $1,018.43 by Dec 31"), text);
    }

    [Fact]
    public async Task SlackDirectMessage_Usage_IsAnsweredInTheDm()
    {
        await _bot.IngestDecemberAsync();

        var post = await _bot.SlackDmAsync("U0ALICE", "D0ALICE", "usage");

        Assert.Equal("D0ALICE", post.Str("channel"));
        var blocks = ChatTestBot.Read(post.Body["blocks"]);
        Assert.Contains("campaign-copy", blocks);
        Assert.Contains("What drives cost", blocks);
    }

    [Fact]
    public async Task Pause_ByBudgetOwner_PausesTheWorkflowAndAuditsIt()
    {
        var answer = await _bot.SlashAsync("U0DANA", "D0DANA", "pause video-render");

        Assert.Contains("Dana Reyes paused *video-render* for Marketing", ChatTestBot.Read(answer));
        Assert.Equal("in_channel", answer["response_type"]!.GetValue<string>());
        Assert.Equal(["video-render"], (await _bot.TeamAsync()).PausedWorkflows);
        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "workflow.pause" && e.GetProperty("actor").GetString() == "dana");

        var resumed = await _bot.TeamsAsync(ChatTestBot.DanaAad, "resume video-render");
        Assert.Contains("resumed", ChatTestBot.Read(resumed));
        Assert.Empty((await _bot.TeamAsync()).PausedWorkflows);
    }

    [Fact]
    public async Task Pause_ByNonOwner_IsRefusedNamingTheOwners()
    {
        var card = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "pause video-render")).Read();

        Assert.Contains("only Marketing's budget owners (Dana Reyes) can pause video-render", card);
        Assert.Empty((await _bot.TeamAsync()).PausedWorkflows);
    }

    [Fact]
    public async Task UnknownPerson_IsToldWhichIdToGiveAnAdmin()
    {
        var card = (await _bot.TeamsAsync("aad-stranger-9999", "budget")).Read();

        Assert.Contains("I don't know you yet", card);
        Assert.Contains("aad-stranger-9999", card);
        Assert.Contains("Ada Admin", card);

        var slack = (await _bot.SlashAsync("U0NOBODY", "C0MKT", "budget")).Read();
        Assert.Contains("U0NOBODY", slack);
        Assert.Contains("slackUserId", slack);
    }

    [Fact]
    public async Task UnknownWords_AreAnsweredWithHelp()
    {
        var text = (await _bot.SlashAsync("U0ALICE", "C0MKT", "dance for me")).Read();

        Assert.Contains("I didn't understand", text);
        Assert.Contains("budget [team]", text);
        Assert.DoesNotContain("link &lt;team&gt;", text); // Alice is no admin
    }

    [Fact]
    public async Task BadForm_IsAnsweredWithTheRightForm()
    {
        var text = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "override lots")).Read();

        Assert.Contains("'lots' is not an amount", text);
        Assert.Contains("override <amount> [<hours>h] <reason>", text);
    }

    [Fact]
    public async Task Link_ByAdmin_BindsTheSlackChannelAndBudgetThereMeansThatTeam()
    {
        var answer = (await _bot.SlashAsync("U0ADA", "C0MKTALERTS", "link marketing")).Read();

        Assert.Contains("This channel is now Marketing's", answer);
        Assert.Equal("C0MKTALERTS", (await _bot.TeamAsync()).Channels.Slack?.ChannelId);
        // Ada is in no team: only the link says which team "budget" means here.
        Assert.Contains("Marketing has $1,000.00 left", (await _bot.SlashAsync("U0ADA", "C0MKTALERTS", "budget")).Read());
        Assert.Contains("Which team?", (await _bot.SlashAsync("U0ADA", "C0ELSEWHERE", "budget")).Read());
    }

    [Fact]
    public async Task Link_ByMember_IsRefused()
    {
        var answer = (await _bot.SlashAsync("U0ALICE", "C0MKTALERTS", "link marketing")).Read();

        Assert.Contains("only admins and finance can", answer);
        Assert.Null((await _bot.TeamAsync()).Channels.Slack);
    }

    [Fact]
    public async Task Override_BeforeOnboarding_NamesTheOwnersWhoMustAcceptFirst()
    {
        // Approvals are on (builder.AddApprovals()); their flows are in Approvals/ApprovalsTests.
        var text = (await _bot.TeamsAsync(ChatTestBot.AliceAad, "override $250 48h launch week")).Read();

        Assert.Contains("has not accepted the AI budget framework yet", text);
        Assert.Contains("Dana Reyes", text);
    }

    [Fact]
    public async Task Outcome_IsRecordedForTheMonthAndAudited()
    {
        // An owner's record counts at once; a member's waits for an owner (Outcomes/OutcomesTests).
        var text = (await _bot.TeamsAsync(ChatTestBot.DanaAad, "outcome hours-saved 120 campaign-copy")).Read();

        Assert.Contains("Recorded **hours-saved = 120** for campaign-copy (Marketing), December 2026", text);
        var audit = await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit?team=marketing");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "outcome.record");
    }
}
