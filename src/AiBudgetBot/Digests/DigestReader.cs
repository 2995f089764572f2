using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Digests;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Organization;
using AiBudgetBot.Limits;
using AiBudgetBot.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Digests;

/// <summary>
/// Reads what digests are built from: one ledger row per pool and period (never events), so a
/// digest costs the same at ten thousand events a month as at a million. The numbers per pool
/// are those of the status API: spent, limit, and the same straight-line forecast.
/// </summary>
public sealed class DigestReader(LedgerReader ledgers, IOptions<OrganizationOptions> organization, IOptions<LimitsOptions> limits)
{
    /// <summary>Ledger reads in flight at once: enough to hide latency, few enough to leave the store to ingestion.</summary>
    public const int Parallelism = 32;

    /// <summary>Every team with its pools active today, this month's and last month's breakdowns.</summary>
    public async Task<IReadOnlyList<DigestTeam>> CurrentAsync(BudgetDirectory directory, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var calendar = organization.Value.Calendar();
        var today = calendar.LocalDate(now);
        var month = calendar.Containing(now, PeriodKind.Monthly);
        var previous = calendar.Month(month.FirstDay.AddMonths(-1).Year, month.FirstDay.AddMonths(-1).Month);
        var policy = limits.Value.Policy();
        var reads = directory.Teams.OrderBy(t => t.Id, StringComparer.Ordinal)
            .SelectMany(team => directory.PoolsOf(team.Id).Where(p => p.IsActiveOn(today)).Select(pool => (team, pool)))
            .ToList();
        var ledgersRead = await ReadAllAsync(reads.Select(r => (r.team, r.pool, Now: r.pool.PeriodOf(now, calendar), Before: PeriodIn(r.pool, previous, calendar))), cancellationToken);
        return [.. reads.GroupBy(r => r.team.Id, StringComparer.OrdinalIgnoreCase).Select(group =>
        {
            var team = group.First().team;
            var pools = group.Select(r => ledgersRead[(team.Id, r.pool.Id)]).ToList();
            var readings = pools.Select(p =>
            {
                p.Now.ExpireReservations(now);
                return new PoolReading(team, p.Pool, p.Pool.Amount.Amount, policy.LimitsOf(p.Pool).Hard, p.Now.Spent, p.Now.Reserved, Forecast.EndOfPeriod(p.Now.Spent, p.Period, now));
            }).ToList();
            return new DigestTeam(team, readings, UsageBreakdown.Of(pools.Select(p => p.Now)), UsageBreakdown.Of(pools.Select(p => p.Before).OfType<LedgerState>()));
        })];
    }

    /// <summary>Each team's pools as they closed <paramref name="month"/>, its breakdown, and the month before.</summary>
    public async Task<IReadOnlyList<MonthlyReviewInput>> MonthAsync(BudgetDirectory directory, BudgetPeriod month, AnalyticsSettings settings, CancellationToken cancellationToken)
    {
        var calendar = organization.Value.Calendar();
        var previous = calendar.Month(month.FirstDay.AddMonths(-1).Year, month.FirstDay.AddMonths(-1).Month);
        var policy = limits.Value.Policy();
        var reads = directory.Teams.OrderBy(t => t.Id, StringComparer.Ordinal)
            .SelectMany(team => directory.PoolsOf(team.Id)
                .Where(p => p.Start <= month.LastDay && (p.End is null || p.End >= month.FirstDay))
                .Select(pool => (team, pool)))
            .ToList();
        var read = await ReadAllAsync(reads.Select(r => (r.team, r.pool, Now: PeriodIn(r.pool, month, calendar)!, Before: PeriodIn(r.pool, previous, calendar))), cancellationToken);
        return [.. reads.GroupBy(r => r.team.Id, StringComparer.OrdinalIgnoreCase).Select(group =>
        {
            var team = group.First().team;
            var pools = group.Select(r => read[(team.Id, r.pool.Id)]).ToList();
            var readings = pools.Select(p => new PoolReading(
                team, p.Pool, p.Pool.Amount.Amount, policy.LimitsOf(p.Pool).Hard, p.Now.Spent, 0m, Forecast.EndOfPeriod(p.Now.Spent, p.Period, month.End))).ToList();
            return new MonthlyReviewInput(
                team, month, previous, readings,
                UsageBreakdown.Of(pools.Select(p => p.Now)),
                UsageBreakdown.Of(pools.Select(p => p.Before).OfType<LedgerState>()),
                directory.Prices, settings, organization.Value.Currency);
        })];
    }

    /// <summary>Reads every pool's two ledgers, <see cref="Parallelism"/> at a time; one read when both periods are the same.</summary>
    private async Task<Dictionary<(string, string), PoolLedgers>> ReadAllAsync(
        IEnumerable<(Team Team, Pool Pool, BudgetPeriod Now, BudgetPeriod? Before)> reads, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Parallelism);
        var tasks = reads.Select(async r =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var now = await ledgers.ReadAsync(r.Team.Id, r.Pool.Id, r.Now.Key, cancellationToken);
                // A quarterly pool's one ledger holds both months; its per-day spend keeps them apart.
                var before = r.Before is null ? null
                    : r.Before.Key == r.Now.Key ? now
                    : await ledgers.ReadAsync(r.Team.Id, r.Pool.Id, r.Before.Key, cancellationToken);
                return (Key: (r.Team.Id, r.Pool.Id), Value: new PoolLedgers(r.Pool, r.Now, now, before));
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var done = await Task.WhenAll(tasks);
        return done.ToDictionary(d => d.Key, d => d.Value);
    }

    /// <summary>The pool's period that covers the end of <paramref name="month"/> (or its last day in it), or null when the pool did not run in it.</summary>
    private static BudgetPeriod? PeriodIn(Pool pool, BudgetPeriod month, PeriodCalendar calendar) =>
        pool.Start <= month.LastDay && (pool.End is null || pool.End >= month.FirstDay)
            ? pool.PeriodOf(Clamp(pool, month.End.AddTicks(-1), calendar), calendar)
            : null;

    /// <summary>An instant inside the pool's dates: a pool that ended or started mid-month is read in its own period.</summary>
    private static DateTimeOffset Clamp(Pool pool, DateTimeOffset instant, PeriodCalendar calendar)
    {
        var day = calendar.LocalDate(instant);
        if (day < pool.Start)
        {
            return calendar.StartOfDay(pool.Start);
        }

        return pool.End is { } last && day > last ? calendar.StartOfDay(last) : instant;
    }

    private sealed record PoolLedgers(Pool Pool, BudgetPeriod Period, LedgerState Now, LedgerState? Before);
}
