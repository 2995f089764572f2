using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Limits;

/// <summary>Who approves a temporary override of a pool's limit.</summary>
public enum Approver
{
    /// <summary>The team's budget owners.</summary>
    Owner,

    /// <summary>Finance (people with the finance role).</summary>
    Finance,
}

/// <summary>
/// How pools of one stage are governed. Pilot budgets are exploratory and variable, so by
/// default they stop hard at 100 % and only finance grants overrides; steady-state budgets
/// keep serving (flagged) between their soft and hard limits and their owner decides.
/// </summary>
/// <param name="MaxHardLimitPercent">Caps a pool's hard limit (pilot: 100, a hard stop); null leaves the pool's own.</param>
public sealed record StageRules(decimal? MaxHardLimitPercent, Approver OverrideApprover)
{
    public static readonly StageRules PilotDefault = new(100m, Approver.Finance);

    public static readonly StageRules SteadyDefault = new(null, Approver.Owner);

    /// <summary>The soft and hard limits of <paramref name="pool"/> under these rules.</summary>
    public EffectiveLimits LimitsOf(Pool pool)
    {
        var hardPercent = MaxHardLimitPercent is { } cap ? Math.Min(pool.HardLimitPercent, cap) : pool.HardLimitPercent;
        var softPercent = Math.Min(pool.SoftLimitPercent, hardPercent);
        return new EffectiveLimits(
            decimal.Round(pool.Amount.Amount * softPercent / 100m, 6, MidpointRounding.AwayFromZero),
            decimal.Round(pool.Amount.Amount * hardPercent / 100m, 6, MidpointRounding.AwayFromZero));
    }
}

/// <summary>A pool's limits in money: above Soft calls are flagged, at Hard they are denied.</summary>
public readonly record struct EffectiveLimits(decimal Soft, decimal Hard);

/// <summary>The organization's rules per stage.</summary>
public sealed record StagePolicy(StageRules Pilot, StageRules Steady)
{
    public static readonly StagePolicy Default = new(StageRules.PilotDefault, StageRules.SteadyDefault);

    public StageRules For(PoolStage stage) => stage == PoolStage.Pilot ? Pilot : Steady;

    public EffectiveLimits LimitsOf(Pool pool) => For(pool.Stage).LimitsOf(pool);
}
