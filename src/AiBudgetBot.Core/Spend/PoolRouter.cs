using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Spend;

/// <summary>
/// Picks the pool an event spends from: the pool it names; else the active pool that lists
/// its workflow; else the team's baseline (or, for the innovation team, its sandbox). (CONTRACT.md, "A pool's workflows route…")
/// </summary>
public static class PoolRouter
{
    public static (Pool? Pool, string? Error) Route(IReadOnlyList<Pool> pools, string? poolId, string? workflow, DateOnly date)
    {
        if (!string.IsNullOrEmpty(poolId))
        {
            var named = pools.FirstOrDefault(p => string.Equals(p.Id, poolId, StringComparison.OrdinalIgnoreCase));
            if (named is null)
            {
                return (null, $"pool '{poolId}' does not exist for this team.");
            }

            return named.IsActiveOn(date)
                ? (named, null)
                : (null, $"pool '{named.Id}' is not active on {date:yyyy-MM-dd} (it runs {named.Start:yyyy-MM-dd} to {named.End?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "open end"}).");
        }

        var byWorkflow = pools
            .Where(p => p.Kind != PoolKind.Baseline && p.IsActiveOn(date) && p.Routes(workflow))
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (byWorkflow is not null)
        {
            return (byWorkflow, null);
        }

        // A sandbox-only team (the innovation pool) spends from its sandbox by default.
        var baseline = pools.FirstOrDefault(p => p.Kind == PoolKind.Baseline && p.IsActiveOn(date))
            ?? pools.FirstOrDefault(p => p.Kind == PoolKind.Sandbox && p.IsActiveOn(date));
        return baseline is not null
            ? (baseline, null)
            : (null, $"the team has no baseline pool active on {date:yyyy-MM-dd}; create one with PUT /api/v1/teams/{{team}}/pools/baseline.");
    }
}
