using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Limits;
using AiBudgetBot.Storage.Ledger;

namespace AiBudgetBot.Approvals;

/// <summary>What a decider needs to see next to the ask: the pool's spend, limit and forecast, and what drives it.</summary>
public sealed record RequestEvidence(string PeriodName, decimal Spent, decimal Amount, decimal HardLimit, decimal? Forecast, IReadOnlyList<string> TopWorkflows, IReadOnlyList<string> Drivers);

/// <summary>Reads <see cref="RequestEvidence"/> from the durable ledger of the pool's current period.</summary>
public sealed class RequestEvidenceReader(LedgerReader ledgers, PartitionContexts contexts, TimeProvider time)
{
    public async Task<RequestEvidence> ReadAsync(BudgetDirectory directory, Team team, Pool pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var now = time.GetUtcNow();
        var context = contexts.For(team, pool, now, now);
        var state = await ledgers.ReadAsync(team.Id, pool.Id, context.Period.Key, cancellationToken);
        var top = state.ByWorkflow
            .OrderByDescending(w => w.Value.Cost)
            .Take(3)
            .Select(w => $"{w.Key}: {Chat.ChatFormat.Money(w.Value.Cost, state.Currency)}")
            .ToList();
        var day = contexts.Calendar.LocalDate(now);
        var drivers = UsageDrivers.Find(UsageBreakdown.Of([state]), model => directory.Prices.Find(model, day)?.Tier)
            .Select(d => d.Finding)
            .ToList();
        return new RequestEvidence(context.Period.Key, state.Spent, pool.Amount.Amount, context.Limits.Hard, Forecast.EndOfPeriod(state.Spent, context.Period, now), top, drivers);
    }
}
