using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Limits;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Status;

/// <summary>A team's pools right now: the numbers behind the status API and the chat "budget" answer.</summary>
public sealed class BudgetStatus(DirectoryStore directory, LedgerReader ledgers, IOptions<OrganizationOptions> organization, IOptions<LimitsOptions> limits, TimeProvider time)
{
    public async Task<TeamStatus?> ForTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(d => d.FindTeam(teamId) is not null, cancellationToken);
        if (snapshot.FindTeam(teamId) is not { } team)
        {
            return null;
        }

        var calendar = organization.Value.Calendar();
        var now = time.GetUtcNow();
        var today = calendar.LocalDate(now);
        var pools = snapshot.PoolsOf(team.Id).Where(p => p.IsActiveOn(today)).ToList();
        var reads = pools.Select(async pool =>
        {
            var period = pool.PeriodOf(now, calendar);
            var ledger = await ledgers.ReadAsync(team.Id, pool.Id, period.Key, cancellationToken);
            // Holds whose call never reported are lapsed here too, not only at the next write.
            ledger.ExpireReservations(now);
            return new PoolStatus(pool, period, ledger, Forecast.EndOfPeriod(ledger.Spent, period, now), limits.Value.Policy().LimitsOf(pool));
        });
        var statuses = await Task.WhenAll(reads);
        return new TeamStatus(team, calendar.Containing(now, Core.Periods.PeriodKind.Monthly).Key, statuses);
    }
}

public sealed record TeamStatus(Team Team, string Period, IReadOnlyList<PoolStatus> Pools);

/// <param name="Limits">The pool's soft and hard limits in money under its stage's rules (a pilot's hard limit is capped).</param>
public sealed record PoolStatus(Pool Pool, Core.Periods.BudgetPeriod Period, LedgerState Ledger, decimal? Forecast, EffectiveLimits Limits)
{
    public decimal Limit => Pool.Amount.Amount;

    /// <remarks>
    /// Money written off with a lease whose instance stopped counts as spent against the limit
    /// (nobody knows how much of it was used); money leased to running instances is still
    /// available, shown apart as <see cref="Leased"/>.
    /// </remarks>
    public decimal Remaining => Limit - Ledger.Spent - Ledger.Reserved - Ledger.Leases.WrittenOff;

    /// <summary>Budget pre-debited to running instances, not yet turned into decisions.</summary>
    public decimal Leased => Ledger.Leases.Leased;

    public decimal PercentUsed => decimal.Round(Ledger.PercentUsed(Pool), 1, MidpointRounding.AwayFromZero);
}
