using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Limits;

/// <summary>
/// The <c>Limits</c> section: how pilot and steady pools differ, when a call or a user's day
/// asks for a review, and how long an authorize holds money for its usage event.
/// </summary>
public sealed class LimitsOptions : IValidatableObject
{
    public const string Section = "Limits";

    public StageOptions Pilot { get; set; } = new() { MaxHardLimitPercent = 100m, OverrideApprover = Approver.Finance };

    public StageOptions Steady { get; set; } = new() { MaxHardLimitPercent = null, OverrideApprover = Approver.Owner };

    /// <summary>A single call costing more than this raises a review to the owners (0 = off).</summary>
    public decimal ReviewSingleCallAbove { get; set; } = 5m;

    /// <summary>A user's spend in one local day above this raises a review, once per user per day (0 = off).</summary>
    public decimal ReviewUserDayAbove { get; set; } = 50m;

    /// <summary>
    /// Requests for more than this (override headroom, increase delta) need finance whatever the
    /// pool's stage (0 = no escalation): large money gets a second pair of eyes.
    /// </summary>
    public decimal EscalationAbove { get; set; } = 1000m;

    /// <summary>How long an allowed authorize holds its estimate before it lapses unsettled.</summary>
    public int ReservationMinutes { get; set; } = 10;

    /// <summary>Fail open or closed, per stage, when the store cannot decide an authorize.</summary>
    public WhenStoreDownOptions WhenStoreDown { get; set; } = new();

    /// <summary>Budget leases: authorize decided in memory while headroom is ample.</summary>
    public LeaseOptions Leases { get; set; } = new();

    public StagePolicy Policy() => new(Pilot.Rules(), Steady.Rules());

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, stage) in new[] { ("Pilot", Pilot), ("Steady", Steady) })
        {
            if (stage.MaxHardLimitPercent is <= 0m)
            {
                yield return new ValidationResult($"Limits:{name}:MaxHardLimitPercent must be greater than 0 (or empty for no cap).");
            }

            if (!Enum.IsDefined(stage.OverrideApprover))
            {
                yield return new ValidationResult($"Limits:{name}:OverrideApprover must be Owner or Finance.");
            }
        }

        if (ReviewSingleCallAbove < 0m || ReviewUserDayAbove < 0m)
        {
            yield return new ValidationResult("Limits:ReviewSingleCallAbove and Limits:ReviewUserDayAbove must not be negative (0 turns a trigger off).");
        }

        if (EscalationAbove < 0m)
        {
            yield return new ValidationResult("Limits:EscalationAbove must not be negative (0 turns escalation off).");
        }

        foreach (var (name, mode) in new[] { ("Pilot", WhenStoreDown.Pilot), ("Steady", WhenStoreDown.Steady), ("Sandbox", WhenStoreDown.Sandbox) })
        {
            if (!Enum.IsDefined(mode))
            {
                yield return new ValidationResult($"Limits:WhenStoreDown:{name} must be open or closed.");
            }
        }

        if (ReservationMinutes is < 1 or > 24 * 60)
        {
            yield return new ValidationResult("Limits:ReservationMinutes must be between 1 and 1440.");
        }

        foreach (var problem in Leases.Problems())
        {
            yield return new ValidationResult(problem);
        }
    }
}

public sealed class StageOptions
{
    public decimal? MaxHardLimitPercent { get; set; }

    public Approver OverrideApprover { get; set; }

    public StageRules Rules() => new(MaxHardLimitPercent, OverrideApprover);
}
