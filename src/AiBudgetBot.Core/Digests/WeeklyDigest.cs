using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Requests;
using static AiBudgetBot.Core.Digests.DigestFormat;

namespace AiBudgetBot.Core.Digests;

/// <summary>What the weekly finance digest is built from, all read from aggregates.</summary>
/// <param name="Week">The ISO week just ended ("2026-W49"): the slot.</param>
/// <param name="Month">The month holding <paramref name="Today"/>.</param>
/// <param name="Requests">Requests created or decided since <paramref name="WeekFirst"/> (and every pending one).</param>
/// <param name="Returns">Each team's ROI for the last full month (empty when outcomes are not read).</param>
public sealed record WeeklyDigestInput(
    string Week,
    DateOnly WeekFirst,
    DateOnly WeekLast,
    DateOnly Today,
    BudgetPeriod Month,
    BudgetPeriod PreviousMonth,
    string Currency,
    IReadOnlyList<DigestTeam> Teams,
    IReadOnlyList<BudgetRequest> Requests,
    PeriodCalendar Calendar,
    IReadOnlyList<RoiReport>? Returns = null);

/// <summary>
/// The weekly digest for finance, read in 30 seconds: the organization's month to date against
/// budget and forecast first, a chart of spend against budget per team, the three biggest movers
/// with what moved them; every team's line, requests and the sandbox behind "details".
/// </summary>
public static class WeeklyDigest
{
    public const string Kind = "digest";

    /// <summary>Teams named one by one in the chart; the rest are one bar.</summary>
    public const int ChartTeams = 10;

    /// <summary>Teams named one by one in the details table (Teams cards stay under 28 KB at 500 teams).</summary>
    public const int TableTeams = 25;

    public const int Movers = 3;

    public static OutboundNotification Build(WeeklyDigestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = input.Currency;
        var teams = input.Teams;
        var returns = input.Returns ?? [];
        var spent = teams.Sum(t => t.Spent);
        var limit = teams.Sum(t => t.Limit);
        var forecast = teams.Sum(t => t.Forecast);
        var percent = limit == 0m ? 0m : spent * 100m / limit;
        var over = teams.Count(t => t.Health == BudgetHealth.Over);
        var atRisk = teams.Count(t => t.Health == BudgetHealth.AtRisk);
        var month = MonthName(input.Month.FirstDay);
        var previousMonth = MonthName(input.PreviousMonth.FirstDay);
        var week = $"{Day(input.WeekFirst)}–{Day(input.WeekLast)}";
        // Each side counts only its own month's days: a quarterly pool's ledger can be both sides.
        var weekSpent = teams.Sum(t =>
            t.Current.SpentBetween(Later(input.WeekFirst, input.Month.FirstDay), input.WeekLast)
            + t.Previous.SpentBetween(input.WeekFirst, Earlier(input.WeekLast, input.PreviousMonth.LastDay)));
        var change = PeriodChange.Compare(Merge(teams.Select(t => t.Current)), Merge(teams.Select(t => t.Previous)), input.Month.FirstDay, input.Today, input.PreviousMonth.FirstDay, input.PreviousMonth.LastDay);

        var trouble = over + atRisk == 0 ? "every team on track" : string.Join(", ", new[] { atRisk > 0 ? $"{atRisk} at risk" : null, over > 0 ? $"{over} over" : null }.OfType<string>());
        var title = $"AI spend, {month} to date: {Amount(spent, c)} of {Amount(limit, c)} ({Percent(percent)}), on pace for {Amount(forecast, c)} · {trouble}";
        var vsLast = change.Ratio is { } ratio
            ? $"{Ratio(ratio)} ({Signed(change.Delta, c)}) vs {previousMonth} to date"
            : change.FirstPeriod ? $"no spend in {previousMonth} to compare with" : $"nothing spent in {previousMonth} to the same day";
        var facts = new FactsBlock(
        [
            new Fact($"{month} to date", $"{Amount(spent, c)} of {Amount(limit, c)} ({Percent(percent)})"),
            new Fact("Month-end forecast", $"{Amount(forecast, c)}{(forecast > limit ? $", {Amount(forecast - limit, c)} over budget" : "")}"),
            new Fact("Change", vsLast),
            new Fact($"Week {week}", Amount(weekSpent, c)),
            new Fact("Teams", $"{teams.Count - over - atRisk} on track, {atRisk} at risk, {over} over"),
            .. DigestReturn.Line(returns, c) is { } line ? [line] : Array.Empty<Fact>(),
        ]);

        var movers = MoverLines(input, c);
        var blocks = new List<MessageBlock> { facts, Chart(teams, month, c) };
        if (movers.Count > 0)
        {
            blocks.Add(new TextBlock("**Biggest movers**\n" + string.Join("\n", movers.Select(m => "• " + m))));
        }

        var attention = teams.Where(t => t.Health != BudgetHealth.OnTrack).OrderByDescending(t => t.Health).ThenByDescending(t => t.PercentUsed).Take(5).ToList();
        if (attention.Count > 0)
        {
            blocks.Add(new TextBlock("**Needs attention**\n" + string.Join("\n", attention.Select(t => $"• {TeamLine(t, c)}"))));
        }

        var requests = RequestFacts(input, c);
        var sandbox = SandboxFacts(input, c);
        blocks.Add(new DetailsBlock("Every team", TeamTable(teams, c)));
        var names = teams.ToDictionary(t => t.Team.Id, t => t.Team.Name, StringComparer.Ordinal);
        if (DigestReturn.UnprovenList(returns, id => names.GetValueOrDefault(id, id), c) is { } unproven)
        {
            blocks.Add(new DetailsBlock("Spend with no outcome", [new TextBlock(unproven)]));
        }

        blocks.Add(new DetailsBlock("Requests and sandbox this week", [new FactsBlock([.. requests, .. sandbox])]));

        var text = string.Join("\n", new[] { title + ".", $"{month} to date: {Amount(spent, c)} of {Amount(limit, c)}; forecast {Amount(forecast, c)}; {vsLast}; week {week}: {Amount(weekSpent, c)}." }
            .Concat(DigestReturn.Line(returns, c) is { } back ? [$"{back.Label}: {back.Value}."] : Array.Empty<string>())
            .Concat(movers.Select(m => "Mover: " + m))
            .Concat(attention.Select(t => "Attention: " + TeamLine(t, c))));
        var tone = over > 0 ? MessageTone.Alarm : atRisk > 0 ? MessageTone.Warning : MessageTone.Good;
        var fields = new Dictionary<string, object?>
        {
            ["week"] = input.Week,
            ["month"] = input.Month.Key,
            ["spent"] = spent,
            ["limit"] = limit,
            ["forecast"] = forecast,
            ["weekSpent"] = weekSpent,
            ["previousToDate"] = change.Previous,
            ["returns"] = returns.Count == 0 ? null : new Dictionary<string, object?>
            {
                ["month"] = returns[0].Month,
                ["spend"] = returns.Sum(r => r.Figures.Spend),
                ["value"] = returns.Sum(r => r.Figures.Value),
                ["unproven"] = DigestReturn.Unproven(returns).Select(r => new Dictionary<string, object?> { ["team"] = r.TeamId, ["spend"] = r.Figures.Spend }).ToList(),
            },
            ["teams"] = teams.Select(t => new Dictionary<string, object?>
            {
                ["team"] = t.Team.Id,
                ["spent"] = t.Spent,
                ["limit"] = t.Limit,
                ["forecast"] = t.Forecast,
                ["status"] = Status(t.Health),
            }).ToList(),
        };
        return new OutboundNotification($"{DigestSlots.WeeklyDigest}|{input.Week}", Kind, "*", null, input.Week, new OutgoingMessage(title, text, blocks, [], tone), fields);
    }

    /// <summary>"Marketing ×3.1 vs last month to date: video-render on o1, 2 users".</summary>
    public static IReadOnlyList<string> MoverLines(WeeklyDigestInput input, string currency)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [.. input.Teams
            .Select(t => (Team: t, Change: PeriodChange.Compare(t.Current, t.Previous, input.Month.FirstDay, input.Today, input.PreviousMonth.FirstDay, input.PreviousMonth.LastDay)))
            .Where(m => m.Change.Delta != 0m)
            .OrderByDescending(m => Math.Abs(m.Change.Delta))
            .ThenBy(m => m.Team.Team.Id, StringComparer.Ordinal)
            .Take(Movers)
            .Select(m => Mover(m.Team, m.Change, currency))];
    }

    private static string Mover(DigestTeam team, PeriodChange change, string c)
    {
        var how = change.Ratio is { } ratio ? $"{Ratio(ratio)} vs last month to date ({Signed(change.Delta, c)})" : $"new this month ({Amount(change.Current, c)})";
        var growing = change.Delta > 0m;
        var edge = change.Workflows.Count == 0 ? null : growing ? change.Workflows[0] : change.Workflows[^1];
        var workflow = edge is not null && (growing ? edge.Delta > 0m : edge.Delta < 0m) ? edge : null;
        var drivers = new List<string>();
        if (workflow is not null)
        {
            var model = team.Current.ByWorkflowModel
                .Select(p => (Pair: Spend.LedgerState.SplitPair(p.Key), p.Value.Cost))
                .Where(p => string.Equals(p.Pair.Workflow, workflow.Key, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(p => p.Cost)
                .Select(p => p.Pair.Model)
                .FirstOrDefault();
            drivers.Add($"{workflow.Key}{(model is null ? "" : $" on {model}")} {Signed(workflow.Delta, c)}");
        }

        if (growing && change.UsersBehindGrowth > 0)
        {
            drivers.Add($"{change.UsersBehindGrowth} user{(change.UsersBehindGrowth == 1 ? "" : "s")}");
        }

        return $"{team.Team.Name} {how}" + (drivers.Count > 0 ? ": " + string.Join(", ", drivers) : "");
    }

    private static ChartBlock Chart(IReadOnlyList<DigestTeam> teams, string month, string c)
    {
        var ordered = teams.OrderByDescending(t => t.Spent).ThenBy(t => t.Team.Id, StringComparer.Ordinal).ToList();
        var named = ordered.Take(ChartTeams).ToList();
        var rest = ordered.Skip(ChartTeams).ToList();
        var spent = named.Select(t => new ChartPoint(t.Team.Name, Cents(t.Spent))).ToList();
        var budget = named.Select(t => new ChartPoint(t.Team.Name, Cents(t.Limit))).ToList();
        if (rest.Count > 0)
        {
            var label = $"{rest.Count} other teams";
            spent.Add(new ChartPoint(label, Cents(rest.Sum(t => t.Spent))));
            budget.Add(new ChartPoint(label, Cents(rest.Sum(t => t.Limit))));
        }

        return new ChartBlock(ChartKind.GroupedVerticalBar, $"Spend vs budget by team, {month} to date", [new ChartSeries("Spent", spent), new ChartSeries("Budget", budget)])
        {
            XAxisTitle = "Team",
            YAxisTitle = c,
            Currency = c,
        };
    }

    private static List<MessageBlock> TeamTable(IReadOnlyList<DigestTeam> teams, string c)
    {
        var ordered = teams.OrderByDescending(t => t.Health).ThenByDescending(t => t.PercentUsed).ThenBy(t => t.Team.Id, StringComparer.Ordinal).ToList();
        var rows = ordered.Take(TableTeams)
            .Select(t => (IReadOnlyList<string>)[t.Team.Name, Amount(t.Spent, c), Percent(t.PercentUsed), Amount(t.Forecast, c), Status(t.Health)])
            .ToList();
        var blocks = new List<MessageBlock> { new TableBlock(["Team", "Spent", "Used", "Forecast", "Status"], rows) };
        var rest = ordered.Skip(TableTeams).ToList();
        if (rest.Count > 0)
        {
            blocks.Add(new TextBlock($"…and {rest.Count} more teams ({Amount(rest.Sum(t => t.Spent), c)} of {Amount(rest.Sum(t => t.Limit), c)}), {(rest.All(t => t.Health == BudgetHealth.OnTrack) ? "all on track" : $"{rest.Count(t => t.Health != BudgetHealth.OnTrack)} not on track")}. GET /api/v1/teams/{{team}}/status has each."));
        }

        return blocks;
    }

    private static string TeamLine(DigestTeam t, string c) =>
        $"{t.Team.Name}: {Amount(t.Spent, c)} of {Amount(t.Limit, c)} ({Percent(t.PercentUsed)}), forecast {Amount(t.Forecast, c)}, {Status(t.Health)}";

    private static List<Fact> RequestFacts(WeeklyDigestInput input, string c)
    {
        var from = input.Calendar.StartOfDay(input.WeekFirst);
        var to = input.Calendar.StartOfDay(input.WeekLast.AddDays(1));
        bool DecidedInWeek(BudgetRequest r) => r.FinalDecision?.At is { } at && at >= from && at < to;
        var overrides = input.Requests.Where(r => r.Kind == RequestKind.Override && r.State == RequestState.Approved && DecidedInWeek(r)).ToList();
        var increases = input.Requests.Where(r => r.Kind == RequestKind.Increase && r.State == RequestState.Approved && DecidedInWeek(r)).ToList();
        var pending = input.Requests.Where(r => r.State == RequestState.Pending).ToList();
        return
        [
            new Fact("Overrides granted", $"{overrides.Count} ({Amount(overrides.Sum(r => r.Amount ?? 0m), c)})"),
            new Fact("Increases approved", $"{increases.Count} ({Amount(increases.Sum(r => r.Amount ?? 0m), c)})"),
            new Fact("Requests pending", pending.Count == 0 ? "none" : $"{pending.Count} ({Amount(pending.Sum(r => r.Amount ?? 0m), c)}), oldest from {Day(input.Calendar.LocalDate(pending.Min(r => r.CreatedAt)))}"),
        ];
    }

    private static List<Fact> SandboxFacts(WeeklyDigestInput input, string c)
    {
        var sandboxes = input.Teams.SelectMany(t => t.Pools).Where(p => p.Pool.Kind == PoolKind.Sandbox).ToList();
        var from = input.Calendar.StartOfDay(input.WeekFirst);
        var to = input.Calendar.StartOfDay(input.WeekLast.AddDays(1));
        var graduated = input.Requests
            .Where(r => r.Kind == RequestKind.Graduation && r.State == RequestState.Approved && r.FinalDecision?.At is { } at && at >= from && at < to)
            .Select(r => $"{r.Workflow} ({r.TeamId})")
            .ToList();
        return
        [
            new Fact("Sandbox", sandboxes.Count == 0 ? "no sandbox pools" : $"{Amount(sandboxes.Sum(p => p.Spent), c)} of {Amount(sandboxes.Sum(p => p.Limit), c)}"),
            new Fact("Graduations", graduated.Count == 0 ? "none" : string.Join(", ", graduated)),
        ];
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    private static string Signed(decimal delta, string c) => (delta >= 0m ? "+" : "−") + Amount(Math.Abs(delta), c);

    private static UsageBreakdown Merge(IEnumerable<UsageBreakdown> parts) => UsageBreakdown.Merge(parts);
}
