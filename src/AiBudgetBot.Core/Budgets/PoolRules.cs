using AiBudgetBot.Core.Periods;

namespace AiBudgetBot.Core.Budgets;

/// <summary>The checks a pool must pass before it is stored; each error says what to change.</summary>
public static class PoolRules
{
    public static IReadOnlyList<string> Validate(Pool pool, string currency)
    {
        var errors = new List<string>();
        if (!Identifier.IsValid(pool.Id))
        {
            errors.Add($"pool id '{pool.Id}' must be 1-64 letters, digits, '-' or '_'.");
        }

        if (pool.Amount.Currency != currency)
        {
            errors.Add($"amount is in {pool.Amount.Currency} but the organization keeps {currency}.");
        }

        if (pool.Amount.Amount <= 0m)
        {
            errors.Add("amount must be greater than zero.");
        }

        if (pool.Amount.Amount != pool.Amount.RoundToMicros().Amount)
        {
            errors.Add("amount has more than six decimal places.");
        }

        if (pool.SoftLimitPercent <= 0m)
        {
            errors.Add("softLimitPercent must be greater than zero.");
        }

        if (pool.HardLimitPercent < pool.SoftLimitPercent)
        {
            errors.Add($"hardLimitPercent ({pool.HardLimitPercent}) must be at least softLimitPercent ({pool.SoftLimitPercent}).");
        }

        if (pool.Thresholds.Any(t => t <= 0m || t > 1000m))
        {
            errors.Add("thresholds must be percentages between 0 (exclusive) and 1000.");
        }

        if (pool.Thresholds.Distinct().Count() != pool.Thresholds.Count)
        {
            errors.Add("thresholds must not repeat.");
        }

        if (pool.End is { } end && end < pool.Start)
        {
            errors.Add($"end ({end:yyyy-MM-dd}) is before start ({pool.Start:yyyy-MM-dd}).");
        }

        if (pool.Period == PeriodKind.Fixed && pool.End is null)
        {
            errors.Add("a fixed period needs an end date.");
        }

        if (pool.Kind == PoolKind.Baseline && pool.Workflows.Count > 0)
        {
            errors.Add("a baseline pool takes everything not routed elsewhere; list workflows on project pools instead.");
        }

        foreach (var workflow in pool.Workflows.Where(w => !Identifier.IsValid(w)))
        {
            errors.Add($"workflow '{workflow}' must be 1-64 letters, digits, '-' or '_'.");
        }

        return errors;
    }
}
