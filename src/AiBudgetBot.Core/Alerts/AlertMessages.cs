using System.Globalization;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Alerts;

/// <summary>
/// The alerts a manager gets, written to be read in ten seconds: what happened, the numbers,
/// what drives the spend, and the options the seed names (ask for more, pause a non-essential
/// workflow, move to a cheaper model).
/// </summary>
public static class AlertMessages
{
    public static OutboundNotification Threshold(AlertContext c, decimal threshold)
    {
        var tone = threshold >= 100m ? MessageTone.Alarm : threshold >= 75m ? MessageTone.Warning : MessageTone.Neutral;
        var title = $"{c.PoolLabel} is at {Percent(c.PercentUsed)} ({Percent(threshold)} threshold)";
        var blocks = new List<MessageBlock>
        {
            Progress(c, tone),
            new FactsBlock(Facts(c)),
        };
        blocks.AddRange(Drivers(c));
        blocks.Add(new TextBlock(Options(c)));
        var text = $"{title}. Spent {c.Money(c.Ledger.Spent).Format()} of {c.Pool.Amount.Format()}"
            + (c.Forecast is { } f ? $"; on pace for {c.Money(f).Format()} by {c.LocalDate(c.Period.End.AddTicks(-1))}." : ".");
        return Notification($"threshold|{Key(c)}|{threshold.ToString(CultureInfo.InvariantCulture)}", "threshold", c, new OutgoingMessage(title, text, blocks, Actions(c), tone),
            new Dictionary<string, object?> { ["threshold"] = threshold, ["percentUsed"] = decimal.Round(c.PercentUsed, 1), ["spent"] = c.Ledger.Spent, ["limit"] = c.Pool.Amount.Amount, ["forecast"] = c.Forecast });
    }

    public static OutboundNotification RunsOut(AlertContext c, DateTimeOffset at)
    {
        var title = $"{c.PoolLabel} is projected to run out on {c.LocalDate(at)}";
        var text = $"At this period's pace ({c.Money(c.Ledger.Spent).Format()} so far) the hard limit of {c.Money(c.Limits.Hard).Format()} is reached on {c.LocalDate(at)}, before the period ends on {c.LocalDate(c.Period.End.AddTicks(-1))}.";
        var blocks = new List<MessageBlock> { Progress(c, MessageTone.Warning), new TextBlock(text), new FactsBlock(Facts(c)) };
        blocks.AddRange(Drivers(c));
        blocks.Add(new TextBlock(Options(c)));
        return Notification($"forecast|{Key(c)}", "forecast", c, new OutgoingMessage(title, text, blocks, Actions(c), MessageTone.Warning),
            new Dictionary<string, object?> { ["runsOutAt"] = at, ["forecast"] = c.Forecast, ["hardLimit"] = c.Limits.Hard, ["spent"] = c.Ledger.Spent });
    }

    public static OutboundNotification LargeCall(AlertContext c, UsageEvent usage, decimal cost, decimal reviewAbove)
    {
        var who = usage.User ?? "someone";
        var title = $"Review: one {usage.Model} call cost {c.Money(cost).Format()}";
        var text = $"{who} made a single call costing {c.Money(cost).Format()} (review above {c.Money(reviewAbove).Format()}) in {c.PoolLabel}"
            + $"{(usage.Workflow is { } w ? $", workflow {w}" : "")}: {usage.Tokens.Input:N0} input and {usage.Tokens.Output:N0} output tokens.";
        return Notification($"review-call|{Key(c)}|{usage.Id}", "review", c, new OutgoingMessage(title, text, [new TextBlock(text)], [], MessageTone.Warning),
            new Dictionary<string, object?> { ["trigger"] = "single-call", ["eventId"] = usage.Id, ["user"] = usage.User, ["cost"] = cost, ["reviewAbove"] = reviewAbove });
    }

    public static OutboundNotification HeavyDay(AlertContext c, string user, DateOnly day, decimal total, decimal reviewAbove)
    {
        var title = $"Review: {user} spent {c.Money(total).Format()} today";
        var text = $"{user}'s spend on {day:MMM d} in {c.PoolLabel} passed the review amount of {c.Money(reviewAbove).Format()}. Worth a look at what they run and on which model.";
        return Notification($"review-day|{Key(c)}|{user}|{day:yyyy-MM-dd}", "review", c, new OutgoingMessage(title, text, [new TextBlock(text)], [], MessageTone.Warning),
            new Dictionary<string, object?> { ["trigger"] = "user-day", ["user"] = user, ["day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["total"] = total, ["reviewAbove"] = reviewAbove });
    }

    private static string Key(AlertContext c) => $"{c.Team.Id}|{c.Pool.Id}|{c.Period.Key}";

    private static OutboundNotification Notification(string id, string kind, AlertContext c, OutgoingMessage message, Dictionary<string, object?> fields) =>
        new(id, kind, c.Team.Id, c.Pool.Id, c.Period.Key, message, fields);

    private static ProgressBlock Progress(AlertContext c, MessageTone tone) =>
        new(c.Pool.Id, Math.Min(c.PercentUsed, 100m), $"{c.Money(c.Ledger.Spent).Format()} of {c.Pool.Amount.Format()} · {Percent(c.PercentUsed)}", tone);

    private static List<Fact> Facts(AlertContext c)
    {
        var facts = new List<Fact>
        {
            new("Remaining", c.Money(c.Pool.Amount.Amount - c.Ledger.Spent - c.Ledger.Reserved).Format()),
            new("Hard limit", c.Money(c.Limits.Hard).Format()),
        };
        if (c.Forecast is { } forecast)
        {
            facts.Add(new Fact("Forecast", $"{c.Money(forecast).Format()} by {c.LocalDate(c.Period.End.AddTicks(-1))}"));
        }

        if (c.RunsOutAt is { } at)
        {
            facts.Add(new Fact("Runs out", c.LocalDate(at)));
        }

        facts.Add(new Fact("Stage", c.Pool.Stage.ToString().ToLowerInvariant()));
        return facts;
    }

    /// <summary>The top spenders by workflow, model and user, as one small table.</summary>
    private static IEnumerable<MessageBlock> Drivers(AlertContext c)
    {
        var rows = new List<IReadOnlyList<string>>();
        AddTop(rows, "Workflow", c.Ledger.ByWorkflow, c);
        AddTop(rows, "Model", c.Ledger.ByModel, c);
        AddTop(rows, "User", c.Ledger.ByUser, c);
        if (rows.Count > 0)
        {
            yield return new TableBlock(["Top driver", "Name", "Spend", "Share"], rows);
        }
    }

    private static void AddTop(List<IReadOnlyList<string>> rows, string label, Dictionary<string, SpendLine> lines, AlertContext c)
    {
        if (c.Ledger.Spent <= 0m || lines.Count == 0)
        {
            return;
        }

        var top = lines.MaxBy(l => l.Value.Cost);
        rows.Add([label, top.Key, c.Money(top.Value.Cost).Format(), Percent(top.Value.Cost * 100m / c.Ledger.Spent)]);
    }

    private static string Options(AlertContext c)
    {
        var expensive = c.Ledger.ByTier
            .Where(t => t.Key is "frontier" or "reasoning")
            .Sum(t => t.Value.Cost);
        var advice = new List<string>
        {
            "**Options:** request an increase if the need is real",
            "pause a non-essential workflow",
        };
        advice.Add(c.Ledger.Spent > 0m && expensive * 2m >= c.Ledger.Spent
            ? $"move routine work off {string.Join("/", c.Ledger.ByTier.Keys.Where(k => k is "frontier" or "reasoning"))} models ({Percent(expensive * 100m / c.Ledger.Spent)} of spend) to a cheaper tier"
            : $"move routine work to a cheaper model ({nameof(ModelTier.Economy).ToLowerInvariant()} tier)");
        return string.Join(", ", advice) + ".";
    }

    private static List<MessageAction> Actions(AlertContext c)
    {
        var actions = new List<MessageAction>
        {
            new(ActionVerbs.ViewUsage, "View usage", $"{c.Team.Id}:{c.Pool.Id}"),
            new(ActionVerbs.RequestIncrease, "Request increase", $"{c.Team.Id}:{c.Pool.Id}", ActionStyle.Positive),
        };
        // MaxBy over key-value pairs throws when no workflow is attributed (all calls without one).
        if (c.Ledger.ByWorkflow.Where(w => w.Key != LedgerState.Unattributed).OrderByDescending(w => w.Value.Cost).Select(w => w.Key).FirstOrDefault() is { } workflow)
        {
            actions.Add(new MessageAction(ActionVerbs.PauseWorkflow, $"Pause {workflow}", $"{c.Team.Id}:{workflow}", ActionStyle.Destructive));
        }

        return actions;
    }

    private static string Percent(decimal value) => $"{decimal.Round(value, value < 10m ? 1 : 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} %";
}
