using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Status;

namespace AiBudgetBot.Tests.Teams;

/// <summary>Messages shaped like the bot's real ones, using every block kind.</summary>
public static class SampleMessages
{
    public static OutgoingMessage BudgetStatus(string title, MessageTone tone = MessageTone.Warning) => new(
        title,
        "Marketing has spent $750.00 of $1,000.00 (75 %). Forecast: $1,180.00.",
        [
            new TextBlock("**Marketing** is at 75 % of its December budget.\nForecast says it will run out on the 24th."),
            new FactsBlock([new Fact("Spent", "$750.00"), new Fact("Limit", "$1,000.00"), new Fact("Forecast", "$1,180.00")]),
            new ProgressBlock("Baseline", 75m, "$750 of $1,000 · 75 %", tone),
            new ProgressBlock("Experiments", 112m, "$112 of $100 · 112 %", MessageTone.Alarm),
            new ProgressBlock("Pilot", 0m, "$0 of $500 · 0 %", MessageTone.Good),
            new TableBlock(["Workflow", "Spend", "Share"], [["campaign-copy", "$500.00", "67 %"], ["video-render", "$250.00", "33 %"]]),
            new ImageBlock(new Uri("https://bot.example.com/charts/marketing.png"), "Spend per day in December"),
        ],
        [
            new MessageAction(ActionVerbs.Approve, "Approve", "req-1", ActionStyle.Positive),
            new MessageAction(ActionVerbs.Deny, "Deny", "req-1", ActionStyle.Destructive),
            new MessageAction(ActionVerbs.ViewUsage, "View usage", "marketing"),
        ],
        tone);
}
