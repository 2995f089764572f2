using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Limits;

/// <summary>Makes the <see cref="PartitionContext"/> of a pool at an instant from the organization's settings.</summary>
public sealed class PartitionContexts(IOptions<OrganizationOptions> organization, IOptions<LimitsOptions> limits)
{
    private readonly PeriodCalendar _calendar = organization.Value.Calendar();
    private readonly Core.Leases.LeasePolicy _leases = limits.Value.Leases.Policy();

    public PeriodCalendar Calendar => _calendar;

    public PartitionContext For(Team team, Pool pool, DateTimeOffset at, DateTimeOffset now) => new(
        team,
        pool,
        pool.PeriodOf(at, _calendar),
        limits.Value.Policy().LimitsOf(pool),
        now,
        _calendar,
        limits.Value.ReviewSingleCallAbove,
        limits.Value.ReviewUserDayAbove,
        _leases);
}
