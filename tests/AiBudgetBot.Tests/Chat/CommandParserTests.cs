using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Tests.Chat;

public sealed class CommandParserTests
{
    private static T Parses<T>(string text) where T : ChatCommand => Assert.IsType<T>(Assert.IsType<Parsed>(CommandParser.Parse(text)).Command);

    private static string Fails(string text, string verb)
    {
        var error = Assert.IsType<ParseError>(CommandParser.Parse(text));
        Assert.Equal(verb, error.Definition.Verb);
        Assert.Contains("Use: **" + error.Definition.Usage + "**", error.Message);
        return error.Message;
    }

    [Theory]
    [InlineData("help")]
    [InlineData("HELP me")]
    [InlineData("")]
    [InlineData("   ")]
    public void Help_AndEmptyText_ParseAsHelp(string text) => Parses<HelpCommand>(text);

    [Theory]
    [InlineData("budget", null)]
    [InlineData("remaining", null)]
    [InlineData("budget marketing", "marketing")]
    [InlineData("Budget Marketing?", "marketing")]
    [InlineData("remaining support", "support")]
    [InlineData("how much is left?", null)]
    [InlineData("what's remaining", null)]
    [InlineData("How much Budget do we have", null)]
    public void Budget_AliasesAndQuestions_NameTheTeamWhenGiven(string text, string? team) =>
        Assert.Equal(team, Parses<BudgetCommand>(text).TeamId);

    [Theory]
    [InlineData("budget marketing support", "at most one team")]
    [InlineData("budget mar$keting", "not a team id")]
    public void Budget_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Budget));

    [Theory]
    [InlineData("usage", null, null)]
    [InlineData("usage marketing", "marketing", null)]
    [InlineData("usage 2026-11", null, "2026-11")]
    [InlineData("usage marketing 2026-11", "marketing", "2026-11")]
    [InlineData("usage 2026-11 marketing", "marketing", "2026-11")]
    public void Usage_TakesATeamAndAMonthInAnyOrder(string text, string? team, string? month)
    {
        var usage = Parses<UsageCommand>(text);
        Assert.Equal(team, usage.TeamId);
        Assert.Equal(month, usage.Month);
    }

    [Theory]
    [InlineData("usage 2026-13", "not a month")]
    [InlineData("usage marketing support", "neither a team id nor a month")]
    [InlineData("usage a b c", "Too many words")]
    public void Usage_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Usage));

    [Theory]
    [InlineData("override $250 48h launch week", 250, 48, "launch week")]
    [InlineData("override 250.50 demo for the board", 250.50, null, "demo for the board")]
    [InlineData("override 1,000 24H big launch", 1000, 24, "big launch")]
    [InlineData("override $1,000.00 quarter close", 1000, null, "quarter close")]
    public void Override_ReadsAmountHoursAndReason(string text, double amount, int? hours, string reason)
    {
        var command = Parses<OverrideCommand>(text);
        Assert.Equal((decimal)amount, command.Amount);
        Assert.Equal(hours, command.Hours);
        Assert.Equal(reason, command.Reason);
    }

    [Theory]
    [InlineData("override", "Say how much")]
    [InlineData("override lots of money", "'lots' is not an amount")]
    [InlineData("override $0 nothing", "not an amount")]
    [InlineData("override -5 refund", "not an amount")]
    [InlineData("override 1,00 typo", "not an amount")]
    [InlineData("override 2.555 too precise", "not an amount")]
    [InlineData("override 250", "Say why")]
    [InlineData("override 250 48h", "Say why")]
    [InlineData("override 250 0h nothing", "between 1h and 720h")]
    [InlineData("override 250 1000h forever", "between 1h and 720h")]
    public void Override_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Override));

    [Fact]
    public void Override_AVeryLongReason_IsRefused() =>
        Assert.Contains("under 500", Fails("override 250 " + new string('x', 501), CommandVerbs.Override));

    [Fact]
    public void Increase_ReadsAmountAndReason()
    {
        var command = Parses<IncreaseCommand>("increase $1,000 support volume doubled");
        Assert.Equal(1000m, command.Amount);
        Assert.Equal("support volume doubled", command.Reason);
    }

    [Theory]
    [InlineData("increase", "Say how much")]
    [InlineData("increase more please", "not an amount")]
    [InlineData("increase 500", "Say why")]
    public void Increase_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Increase));

    [Theory]
    [InlineData("outcome hours-saved 120 campaign-copy", "hours-saved", 120, "campaign-copy")]
    [InlineData("outcome cycle-time-hours 4.5", "cycle-time-hours", 4.5, null)]
    [InlineData("outcome throughput 1,200 ticket-triage", "throughput", 1200, "ticket-triage")]
    [InlineData("outcome quality-lift-pct -3%", "quality-lift-pct", -3, null)]
    [InlineData("outcome value $50,000", "value", 50000, null)]
    [InlineData("outcome Hours-Saved 0", "hours-saved", 0, null)]
    public void Outcome_ReadsEveryMetric(string text, string metric, double value, string? workflow)
    {
        var command = Parses<OutcomeCommand>(text);
        Assert.Equal(metric, command.Metric);
        Assert.Equal((decimal)value, command.Value);
        Assert.Equal(workflow, command.Workflow);
    }

    [Theory]
    [InlineData("outcome", "Name a metric")]
    [InlineData("outcome hours-saved", "Name a metric")]
    [InlineData("outcome happiness 10", "not a metric")]
    [InlineData("outcome hours-saved lots", "not a number")]
    [InlineData("outcome hours-saved -5", "cannot be negative")]
    [InlineData("outcome hours-saved 5 bad/workflow", "not a workflow id")]
    [InlineData("outcome hours-saved 5 a b", "Name a metric")]
    public void Outcome_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Outcome));

    [Theory]
    [InlineData("outcome value 900 campaign 2026-11", "campaign", "2026-11")]
    [InlineData("outcome value 900 2026-11 campaign", "campaign", "2026-11")]
    [InlineData("outcome value 900 2026-11", null, "2026-11")]
    [InlineData("outcome value 900 campaign", "campaign", null)]
    public void Outcome_TakesAnEarlierMonth(string text, string? workflow, string? month)
    {
        var command = Parses<OutcomeCommand>(text);
        Assert.Equal((workflow, month), (command.Workflow, command.Month));
    }

    [Theory]
    [InlineData("outcome value 900 2026-11 2026-10")]
    [InlineData("outcome value 900 a b 2026-11")]
    public void Outcome_TwoMonthsOrTwoWorkflows_SayTheForm(string text) => Assert.Contains("optionally the workflow and the month", Fails(text, CommandVerbs.Outcome));

    [Fact]
    public void PauseAndResume_NameOneWorkflow()
    {
        Assert.Equal("video-render", Parses<PauseCommand>("pause video-render").Workflow);
        Assert.Equal("video-render", Parses<ResumeCommand>("Resume Video-Render").Workflow);
    }

    [Theory]
    [InlineData("pause", CommandVerbs.Pause, "Name the workflow")]
    [InlineData("pause a b", CommandVerbs.Pause, "Name one workflow")]
    [InlineData("resume video/render", CommandVerbs.Resume, "not a workflow id")]
    public void PauseAndResume_BadForms_SayTheRightForm(string text, string verb, string problem) => Assert.Contains(problem, Fails(text, verb));

    [Fact]
    public void Link_NamesOneTeam() => Assert.Equal("marketing", Parses<LinkCommand>("link Marketing").TeamId);

    [Theory]
    [InlineData("link", "Name the team")]
    [InlineData("link a b", "Name one team")]
    [InlineData("link $$", "not a team id")]
    public void Link_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Link));

    [Fact]
    public void Graduate_NamesWorkflowAndReason()
    {
        var command = Parses<GraduateCommand>("graduate ticket-triage halved first response time");
        Assert.Equal("ticket-triage", command.Workflow);
        Assert.Equal("halved first response time", command.Reason);
    }

    [Theory]
    [InlineData("graduate", "Name the workflow")]
    [InlineData("graduate ticket-triage", "Say why")]
    [InlineData("graduate ticket/triage because", "not a workflow id")]
    public void Graduate_BadForms_SayTheRightForm(string text, string problem) => Assert.Contains(problem, Fails(text, CommandVerbs.Graduate));

    [Fact]
    public void Accept_TakesNoWords()
    {
        Parses<AcceptCommand>("accept");
        Assert.Contains("takes no other words", Fails("accept marketing", CommandVerbs.Accept));
    }

    [Theory]
    [InlineData("dance for me")]
    [InlineData("approve")]
    [InlineData("hello there")]
    public void UnknownWords_AreUnknown(string text) => Assert.IsType<UnknownWords>(CommandParser.Parse(text));
}
