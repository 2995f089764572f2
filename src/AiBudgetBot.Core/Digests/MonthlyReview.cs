using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using static AiBudgetBot.Core.Digests.DigestFormat;

namespace AiBudgetBot.Core.Digests;

/// <summary>What one team's monthly review is built from: the month just ended, read from aggregates.</summary>
/// <param name="Pools">The team's pools as they closed the month.</param>
/// <param name="Usage">The month's breakdown over the team's pools.</param>
/// <param name="Previous">The month before, for the change.</param>
public sealed record MonthlyReviewInput(
    Team Team,
    BudgetPeriod Month,
    BudgetPeriod PreviousMonth,
    IReadOnlyList<PoolReading> Pools,
    UsageBreakdown Usage,
    UsageBreakdown Previous,
    PriceCatalog Prices,
    AnalyticsSettings Settings,
    string Currency);

/// <summary>
/// The monthly review for a team's owners: how last month's pools closed, what drove the cost
/// (concentration, long contexts, premium defaults), what to change and what that saves, with
/// buttons that act on it.
/// </summary>
public static class MonthlyReview
{
    /// <summary>The webhook kind; "review" is taken by the single-call and heavy-day reviews.</summary>
    public const string Kind = "monthly-review";

    public const int TopRows = 5;

    public static OutboundNotification Build(MonthlyReviewInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = input.Currency;
        var usage = input.Usage;
        var team = input.Team;
        var month = Month(input.Month.FirstDay);
        var spent = input.Pools.Sum(p => p.Spent);
        var limit = input.Pools.Sum(p => p.Limit);
        var percent = limit == 0m ? 0m : spent * 100m / limit;
        var health = PoolReading.Worst(input.Pools);
        var priceDay = input.Month.LastDay;
        ModelTier? TierOf(string model) => input.Prices.Find(model, priceDay)?.Tier;
        var change = PeriodChange.Compare(usage, input.Previous, input.Month.FirstDay, input.Month.LastDay, input.PreviousMonth.FirstDay, input.PreviousMonth.LastDay);
        var concentration = Concentration.Of(usage);
        var contexts = LongContexts.Of(usage, input.Settings);
        var drivers = UsageDrivers.Find(usage, TierOf, input.Settings);
        var recommendations = Savings.Find(usage, input.Prices, priceDay, monthScale: 1m);

        var title = $"{team.Name}, {month} review: {Amount(spent, c)} of {Amount(limit, c)} ({Percent(percent)})";
        var vsLast = change.Ratio is { } ratio
            ? $"{Ratio(ratio)} vs {MonthName(input.PreviousMonth.FirstDay)} ({(change.Delta >= 0m ? "+" : "−")}{Amount(Math.Abs(change.Delta), c)})"
            : $"first month with spend";
        var blocks = new List<MessageBlock>
        {
            new ChartBlock(ChartKind.Gauge, $"{month}: budget used", [new ChartSeries("Used", [new ChartPoint("Used", decimal.Round(percent, 1, MidpointRounding.AwayFromZero))])])
            {
                Max = Math.Max(100m, decimal.Ceiling(percent)),
            },
            new FactsBlock(
            [
                new Fact("Spent", $"{Amount(spent, c)} of {Amount(limit, c)} ({Percent(percent)})"),
                new Fact("Change", vsLast),
                new Fact("Calls", usage.Calls.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
                new Fact("Status", Status(health)),
            ]),
            new TableBlock(
                ["Pool", "Spent", "Budget", "Used", "Status"],
                [.. input.Pools.Select(p => (IReadOnlyList<string>)[p.Pool.Id, Amount(p.Spent, c), Amount(p.Limit, c), Percent(p.PercentUsed), Status(p.Health)])]),
        };
        if (usage.ByWorkflow.Count > 0)
        {
            blocks.Add(WorkflowDonut(usage, month, c));
        }

        var driverText = drivers.Count == 0
            ? "**What drives cost**: nothing stands out. Spend is spread across users, contexts are moderate and premium models are a small share."
            : "**What drives cost**\n" + string.Join("\n", drivers.Select(d => $"• {d.Finding} **Change**: {d.Change}"));
        blocks.Add(new TextBlock(driverText));
        blocks.Add(new FactsBlock(
        [
            new Fact("Top 5 % of users", concentration.Users == 0 ? "no named users" : $"{concentration.TopUsers.Count} of {concentration.Users}: {Share(concentration.TopUserShare)} of spend"),
            new Fact("Top 3 workflows", $"{Share(concentration.TopWorkflowShare)} of spend ({string.Join(", ", concentration.TopWorkflows)})"),
            new Fact("Gini (users)", decimal.Round(concentration.Gini, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
            new Fact($"Users above {Tokens(contexts.Threshold)} input tokens per call", contexts.Users.Count == 0 ? "none" : $"{contexts.Users.Count}: {Share(contexts.UserCostShare)} of spend"),
        ]));
        if (contexts.Users.Count > 0)
        {
            blocks.Add(new TableBlock(
                ["Long-context user", "Input tokens per call", "Spend", "Calls"],
                [.. contexts.Users.Take(TopRows).Select(u => (IReadOnlyList<string>)[u.Key, Tokens(u.AverageInputTokens), Amount(u.Cost, c), u.Calls.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)])]));
        }

        var recommendationText = recommendations.Count == 0
            ? "**What to change**: no cheaper model of the same provider would have done last month's calls for less."
            : "**What to change**\n" + string.Join("\n", recommendations.Select(r =>
                $"• {(r.Workflow is null ? "" : r.Workflow + ": ")}{r.Model} → {r.Alternative} saves about **{Amount(r.MonthlySaving, c)} a month** ({Amount(r.CurrentCost, c)} → {Amount(r.AlternativeCost, c)}). {r.Assumption}"));
        blocks.Add(new TextBlock(recommendationText));

        var text = string.Join("\n", new[] { title + $"; {vsLast}; {Status(health)}." }
            .Concat(drivers.Select(d => d.Finding))
            .Concat(recommendations.Select(r => $"{r.Workflow ?? r.Model}: {r.Model} → {r.Alternative} saves about {Amount(r.MonthlySaving, c)} a month.")));
        var tone = health switch
        {
            BudgetHealth.Over => MessageTone.Alarm,
            _ when drivers.Count > 0 || recommendations.Count > 0 => MessageTone.Warning,
            _ => MessageTone.Neutral,
        };
        var fields = new Dictionary<string, object?>
        {
            ["month"] = input.Month.Key,
            ["spent"] = spent,
            ["limit"] = limit,
            ["previous"] = change.Previous,
            ["topUserShare"] = concentration.TopUserShare,
            ["gini"] = decimal.Round(concentration.Gini, 4, MidpointRounding.AwayFromZero),
            ["longContextUsers"] = contexts.Users.Select(u => u.Key).ToList(),
            ["recommendations"] = recommendations.Select(r => new Dictionary<string, object?>
            {
                ["workflow"] = r.Workflow,
                ["model"] = r.Model,
                ["alternative"] = r.Alternative,
                ["monthlySaving"] = r.MonthlySaving,
            }).ToList(),
        };
        return new OutboundNotification(
            $"{DigestSlots.MonthlyReview}|{team.Id}|{input.Month.Key}", Kind, team.Id, null, input.Month.Key,
            new OutgoingMessage(title, text, blocks, Actions(input, recommendations), tone), fields);
    }

    private static List<MessageAction> Actions(MonthlyReviewInput input, IReadOnlyList<Recommendation> recommendations)
    {
        var team = input.Team.Id;
        var actions = new List<MessageAction> { new(ActionVerbs.ViewUsage, "Show usage", team) };
        var busiest = input.Pools.OrderByDescending(p => p.PercentUsed).FirstOrDefault();
        if (busiest is not null)
        {
            actions.Add(new MessageAction(ActionVerbs.RequestIncrease, "Ask for an increase", $"{team}:{busiest.Pool.Id}", ActionStyle.Positive));
        }

        // The workflow to pause: the one a recommendation names first, else the most expensive.
        var workflow = recommendations.Select(r => r.Workflow).OfType<string>().FirstOrDefault()
            ?? UsageBreakdown.Top(input.Usage.ByWorkflow, input.Usage.ByWorkflow.Count)
                .Select(w => w.Key)
                .FirstOrDefault(w => w != LedgerState.Unattributed && w != LedgerState.Others);
        if (workflow is not null)
        {
            actions.Add(new MessageAction(ActionVerbs.PauseWorkflow, $"Pause {workflow}", $"{team}:{workflow}", ActionStyle.Destructive));
        }

        return actions;
    }

    private static ChartBlock WorkflowDonut(UsageBreakdown usage, string month, string c)
    {
        var top = UsageBreakdown.Top(usage.ByWorkflow, TopRows).ToList();
        var points = top.Select(w => new ChartPoint(w.Key, Cents(w.Value.Cost))).ToList();
        var rest = usage.Total - top.Sum(w => w.Value.Cost);
        if (rest > 0m)
        {
            points.Add(new ChartPoint("other workflows", Cents(rest)));
        }

        return new ChartBlock(ChartKind.Donut, $"Spend by workflow, {month}", [new ChartSeries("Spend", points)]) { Currency = c };
    }
}
