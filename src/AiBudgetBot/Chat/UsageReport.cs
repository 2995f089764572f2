using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Digests;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Chat;

/// <summary>
/// The <c>usage</c> answer: a month's spend by workflow, model tier and top users, and the
/// drivers behind it (concentration, long contexts, an expensive default model) with what to change.
/// </summary>
public sealed class UsageReport(LedgerReader ledgers, IOptions<OrganizationOptions> organization, IOptions<AnalyticsOptions> analytics, TimeProvider time)
{
    public const int TopRows = 5;

    /// <param name="month">"yyyy-MM"; null for the current month.</param>
    /// <param name="workflow">A workflow to call out (a <c>view-usage</c> button on a workflow's alert).</param>
    public async Task<OutgoingMessage> BuildAsync(BudgetDirectory directory, Team team, string? month, string? workflow, CancellationToken cancellationToken)
    {
        var calendar = organization.Value.Calendar();
        var currency = organization.Value.Currency;
        var now = time.GetUtcNow();
        var period = month is null ? calendar.Containing(now, PeriodKind.Monthly) : calendar.TryParseMonth(month)!;
        var reads = directory.PoolsOf(team.Id)
            .Where(p => p.Start <= period.LastDay && (p.End is null || p.End >= period.FirstDay))
            .Select(pool =>
            {
                // Read the pool's own period that overlaps the month (a project pool's may be longer).
                var at = period.Contains(now) ? now : period.Start;
                var poolStart = calendar.StartOfDay(pool.Start);
                return ledgers.ReadAsync(team.Id, pool.Id, pool.PeriodOf(at < poolStart ? poolStart : at, calendar).Key, cancellationToken);
            });
        var usage = UsageBreakdown.Of(await Task.WhenAll(reads));
        var monthName = ChatFormat.Month(period.FirstDay);
        var total = ChatFormat.Money(usage.Total, currency);
        if (usage.Calls == 0)
        {
            return ChatCards.Note($"{team.Name}: no usage in {monthName}", $"No model calls were counted for {team.Name} in {monthName}.");
        }

        var blocks = new List<MessageBlock>
        {
            new FactsBlock([new Fact("Spent", total), new Fact("Calls", ChatFormat.Number(usage.Calls))]),
        };
        var text = new List<string> { $"{team.Name} spent {total} in {monthName} over {ChatFormat.Number(usage.Calls)} calls." };
        if (workflow is not null)
        {
            var line = usage.ByWorkflow.GetValueOrDefault(workflow, SpendLine.Empty);
            var callout = $"**{workflow}**: {ChatFormat.Money(line.Cost, currency)} ({ChatFormat.Share(usage.ShareOf(line.Cost))}), {ChatFormat.Number(line.Calls)} calls, {ChatFormat.Number(decimal.Round(line.AverageInputTokens))} input tokens per call.";
            blocks.Add(new TextBlock(callout));
            text.Add(callout);
        }

        blocks.Add(Table("Workflow", usage.ByWorkflow, usage, currency, withCalls: true));
        blocks.Add(Table("Model tier", usage.ByTier, usage, currency, withCalls: false));
        blocks.Add(Table("Top users", usage.ByUser, usage, currency, withCalls: true));
        text.Add("Top workflows: " + Summary(usage.ByWorkflow, usage, currency));
        text.Add("Top users: " + Summary(usage.ByUser, usage, currency));

        // The same analysis as the monthly review and the digest (Core.Analytics), with the same settings.
        var drivers = UsageDrivers.Find(usage, model => directory.Prices.Find(model, period.FirstDay)?.Tier ?? directory.Prices.Find(model, calendar.LocalDate(now))?.Tier, analytics.Value.Settings());
        var driverText = drivers.Count == 0
            ? "**What drives cost**: nothing stands out. Spend is spread across users, contexts are moderate and premium models are a small share."
            : "**What drives cost**\n" + string.Join("\n", drivers.Select(d => $"• {d.Finding} **Change**: {d.Change}"));
        blocks.Add(new TextBlock(driverText));
        text.Add(driverText);
        // A month to date is scaled to the whole month at its pace so far; a past month is what it was.
        var elapsed = period.ElapsedFraction(now);
        var savings = Savings.Find(usage, directory.Prices, period.Contains(now) ? calendar.LocalDate(now) : period.LastDay, elapsed is > 0m and < 1m ? 1m / elapsed : 1m);
        if (savings.Count > 0)
        {
            var change = "**What to change**\n" + string.Join("\n", savings.Select(r =>
                $"• {(r.Workflow is null ? "" : r.Workflow + ": ")}{r.Model} → {r.Alternative} saves about {ChatFormat.Money(r.MonthlySaving, currency)} a month. {r.Assumption}"));
            blocks.Add(new TextBlock(change));
            text.Add(change);
        }

        var tone = drivers.Count > 0 ? MessageTone.Warning : MessageTone.Neutral;
        return new OutgoingMessage($"{team.Name} usage, {monthName}: {total}", string.Join("\n", text), blocks, [], tone)
        {
            Visibility = MessageVisibility.Private,
        };
    }

    private static TableBlock Table(string label, Dictionary<string, SpendLine> lines, UsageBreakdown usage, string currency, bool withCalls)
    {
        var rows = UsageBreakdown.Top(lines, TopRows)
            .Select(l => (IReadOnlyList<string>)(withCalls
                ? [l.Key, ChatFormat.Money(l.Value.Cost, currency), ChatFormat.Share(usage.ShareOf(l.Value.Cost)), ChatFormat.Number(l.Value.Calls)]
                : [l.Key, ChatFormat.Money(l.Value.Cost, currency), ChatFormat.Share(usage.ShareOf(l.Value.Cost))]))
            .ToList();
        return new TableBlock(withCalls ? [label, "Spend", "Share", "Calls"] : [label, "Spend", "Share"], rows);
    }

    private static string Summary(Dictionary<string, SpendLine> lines, UsageBreakdown usage, string currency) =>
        string.Join(", ", UsageBreakdown.Top(lines, 3).Select(l => $"{l.Key} {ChatFormat.Money(l.Value.Cost, currency)} ({ChatFormat.Share(usage.ShareOf(l.Value.Cost))})"));
}
