using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// A team's settled spend by workflow, month by month, from the durable ledgers (the same books
/// as <c>usage</c> and the status API). A pool whose period is longer than a month (a quarter,
/// a project's fixed dates) has one ledger for all of it: its spend to date counts in the latest
/// month of the span read, once, never in every month it covers.
/// </summary>
public sealed class TeamSpendReader(LedgerReader ledgers, IOptions<OrganizationOptions> organization, TimeProvider time)
{
    /// <param name="months">"yyyy-MM", oldest first.</param>
    /// <returns>Spend by workflow per month, in the order given.</returns>
    public async Task<IReadOnlyList<Dictionary<string, decimal>>> ReadAsync(BudgetDirectory directory, Team team, IReadOnlyList<string> months, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(months);
        var calendar = organization.Value.Calendar();
        var now = time.GetUtcNow();
        var pools = directory.PoolsOf(team.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new Dictionary<string, decimal>[months.Count];
        // Newest first, so a ledger spanning several months is counted in the latest of them.
        for (var i = months.Count - 1; i >= 0; i--)
        {
            var period = calendar.TryParseMonth(months[i]) ?? throw new ArgumentException($"'{months[i]}' is not yyyy-MM.", nameof(months));
            var reads = new List<Task<LedgerState>>();
            foreach (var pool in pools.Where(p => p.Start <= period.LastDay && (p.End is null || p.End >= period.FirstDay)))
            {
                var at = period.Contains(now) ? now : period.Start;
                var poolStart = calendar.StartOfDay(pool.Start);
                var key = pool.PeriodOf(at < poolStart ? poolStart : at, calendar).Key;
                if (seen.Add(pool.Id + "|" + key))
                {
                    reads.Add(ledgers.ReadAsync(team.Id, pool.Id, key, cancellationToken));
                }
            }

            var spend = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            foreach (var ledger in await Task.WhenAll(reads))
            {
                foreach (var (workflow, line) in ledger.ByWorkflow)
                {
                    spend[workflow] = spend.GetValueOrDefault(workflow) + line.Cost;
                }
            }

            result[i] = spend;
        }

        return result;
    }

    /// <summary>"yyyy-MM" of <paramref name="count"/> months ending with <paramref name="last"/>, oldest first.</summary>
    public static IReadOnlyList<string> MonthsEndingWith(string last, int count)
    {
        var first = Core.Analytics.OutcomeRules.ParseMonth(last) ?? throw new ArgumentException($"'{last}' is not yyyy-MM.", nameof(last));
        return Enumerable.Range(0, count).Select(i => first.AddMonths(i - count + 1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
