using AiBudgetBot.Chat;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Chat;

/// <summary>The command registry lint: help text for every command, a handler for every word and button verb.</summary>
public sealed class CommandRegistryLintTests
{
    public static TheoryData<string> Verbs => [.. CommandRegistry.All.Select(d => d.Verb)];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryCommand_HasHelpTextAndAnExampleThatParsesToIt(string verb)
    {
        var definition = CommandRegistry.Get(verb);
        Assert.False(string.IsNullOrWhiteSpace(definition.Summary));
        Assert.StartsWith(verb, definition.Usage, StringComparison.Ordinal);
        Assert.Equal(verb, Assert.IsType<Parsed>(CommandParser.Parse(definition.Example)).Command.Verb);
    }

    [Fact]
    public void CommandWords_AreUnique() =>
        Assert.Equal(CommandRegistry.All.SelectMany(d => d.Aliases.Prepend(d.Verb)).Count(), CommandRegistry.All.SelectMany(d => d.Aliases.Prepend(d.Verb)).Distinct(StringComparer.OrdinalIgnoreCase).Count());

    [Fact]
    public async Task EveryCommandWordAndButtonVerb_HasAHandlerInTheRealHost()
    {
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix());
        var chat = bot.Services.GetRequiredService<ChatHandler>();

        Assert.Same(chat, bot.Services.GetRequiredService<IChatHandler>());
        Assert.Empty(CommandRegistry.All.Select(d => d.Verb).Except(chat.CommandVerbs));
        Assert.Empty(ActionVerbs.All.Except(chat.ActionVerbs));
    }

    [Fact]
    public void Help_ShowsEachAudienceOnlyItsCommands()
    {
        var everyone = CommandRegistry.VisibleTo(ownsABudget: false, isAdminOrFinance: false).Select(d => d.Verb).ToList();
        Assert.Contains(CommandVerbs.Budget, everyone);
        Assert.DoesNotContain(CommandVerbs.Pause, everyone);
        Assert.DoesNotContain(CommandVerbs.Link, everyone);
        Assert.Contains(CommandVerbs.Pause, CommandRegistry.VisibleTo(ownsABudget: true, isAdminOrFinance: false).Select(d => d.Verb));
        Assert.Contains(CommandVerbs.Link, CommandRegistry.VisibleTo(ownsABudget: false, isAdminOrFinance: true).Select(d => d.Verb));
    }
}
