using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Teams;

/// <summary>What the bot says once installed: what it is for and the words it understands.</summary>
public static class TeamsGreeting
{
    public static OutgoingMessage Message(bool personal)
    {
        var mention = personal ? string.Empty : "Mention me with ";
        const string text = "I keep an eye on this team's AI API spend: I post budget alerts and forecasts here, "
            + "route override and increase requests to the budget owners, and answer questions about spend.";
        return new OutgoingMessage(
            "Hi, I'm AiBudgetBot",
            text + " Try \"help\" or \"budget\".",
            [
                new TextBlock(text),
                new FactsBlock(
                [
                    new Fact(mention + "budget", "spent, limit, remaining and forecast of each pool"),
                    new Fact(mention + "usage", "spend by workflow, model tier and top users"),
                    new Fact(mention + "override <amount> [<hours>h] <reason>", "ask the owners for a temporary override"),
                    new Fact(mention + "increase <amount> <reason>", "ask for a permanent increase"),
                    new Fact(mention + "outcome <metric> <value>", "record an outcome for ROI"),
                    new Fact(mention + "pause / resume <workflow>", "owners stop or restart a workflow"),
                    new Fact(mention + "help", "everything I can do for you"),
                ]),
            ],
            [],
            MessageTone.Good);
    }
}
