using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>The answers every command shares: help, a problem, a parse error, a stranger.</summary>
public static class ChatCards
{
    /// <summary>Something the asker should fix or know; only they see it.</summary>
    public static OutgoingMessage Problem(string title, string text) =>
        new(title, text, [new TextBlock(text)], [], MessageTone.Warning) { Visibility = MessageVisibility.Private };

    /// <summary>A fact only the asker needs ("done", "already paused").</summary>
    public static OutgoingMessage Note(string title, string text, MessageTone tone = MessageTone.Neutral) =>
        new(title, text, [new TextBlock(text)], [], tone) { Visibility = MessageVisibility.Private };

    public static OutgoingMessage ParseError(ParseError error) =>
        Problem($"That {error.Definition.Verb} did not read right", error.Message);

    /// <summary>Someone the directory does not know: tell them exactly which id an admin must add.</summary>
    /// <summary>The platform could not say who this is: not a "no", so nothing of any budget and an ask to retry.</summary>
    public static OutgoingMessage LookupFailed() =>
        Problem("I couldn't check who you are", "I couldn't ask the chat platform for your work email just now, so I can't tell which budgets are yours. Please try again in a minute.");

    public static OutgoingMessage UnknownPerson(ChatSender sender, BudgetDirectory directory)
    {
        var (platform, field) = sender.Platform == ChatChannels.SlackPlatform ? ("Slack user id", "slackUserId") : ("Teams id (Entra object id)", "teamsAadObjectId");
        var admins = directory.People.Where(p => p.HasRole(Person.AdminRole)).Select(p => p.DisplayName).Order(StringComparer.Ordinal).Take(5).ToList();
        var ask = admins.Count > 0 ? $"Ask {ChatFormat.Names(admins)} (admins)" : "Ask an AiBudgetBot admin";
        var text = $"I don't know you yet{(sender.DisplayName is { Length: > 0 } name ? ", " + name : "")}. {ask} to add your {platform} **{sender.PlatformUserId}** to your person record ({field}), then ask again.";
        return new OutgoingMessage("I don't know you yet", text, [new TextBlock(text), new FactsBlock([new Fact(platform, sender.PlatformUserId)])], [], MessageTone.Warning)
        {
            Visibility = MessageVisibility.Private,
        };
    }

    /// <summary>What this person can ask, with the right form of each.</summary>
    public static OutgoingMessage Help(ChatRequest request, string? preface = null)
    {
        var commands = CommandRegistry.VisibleTo(request.OwnsABudget, request.IsAdminOrFinance).ToList();
        var lines = string.Join("\n", commands.Select(c => $"**{c.Usage}**: {c.Summary}"));
        var intro = preface ?? $"Hi {request.Person.DisplayName}, here is what I can do.";
        const string Ask = "You can also just ask: \"how much is left?\"";
        var text = $"{intro}\n{lines}\n{Ask}";
        return new OutgoingMessage("What I can do", text, [new TextBlock(intro), new TextBlock(lines), new TextBlock(Ask)], [])
        {
            Visibility = MessageVisibility.Private,
        };
    }
}
