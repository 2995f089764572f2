using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Outcomes;

/// <summary>The <c>Outcomes</c> section: what an hour saved is worth, and the stated rules of the verdict and the expedited path.</summary>
public sealed class OutcomesOptions : IValidatableObject
{
    public const string Section = "Outcomes";

    /// <summary>The loaded hourly rate an hour saved is valued at, in the organization's currency.</summary>
    public decimal HourlyRate { get; set; } = 75m;

    /// <summary>Per-team hourly rates (team id → rate) where a team's people cost more or less than the default.</summary>
    public Dictionary<string, decimal> TeamHourlyRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>At or above this ROI a team is healthy.</summary>
    public decimal TargetRoi { get; set; } = 3m;

    /// <summary>Spend with no outcome recorded for this many months (ending with the month judged) is unproven.</summary>
    public int UnprovenAfterMonths { get; set; } = 1;

    /// <summary>ROI over the last full month at or above this earns one-step increases (owner only) below Limits:EscalationAbove.</summary>
    public decimal ExpediteRoi { get; set; } = 5m;

    /// <summary>The rules for one team (its hourly rate may differ).</summary>
    public RoiSettings For(string teamId) =>
        new(TeamHourlyRates.TryGetValue(teamId, out var rate) ? rate : HourlyRate, TargetRoi, UnprovenAfterMonths, ExpediteRoi);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HourlyRate < 0m)
        {
            yield return new ValidationResult("Outcomes:HourlyRate cannot be negative.");
        }

        foreach (var (team, rate) in TeamHourlyRates.Where(r => r.Value < 0m))
        {
            yield return new ValidationResult($"Outcomes:TeamHourlyRates:{team} cannot be negative.");
        }

        if (TargetRoi <= 0m)
        {
            yield return new ValidationResult("Outcomes:TargetRoi must be above 0 (e.g. 3 for $3 of value per $1 spent).");
        }

        if (ExpediteRoi <= 0m)
        {
            yield return new ValidationResult("Outcomes:ExpediteRoi must be above 0 (e.g. 5).");
        }

        if (UnprovenAfterMonths is < 1 or > 12)
        {
            yield return new ValidationResult("Outcomes:UnprovenAfterMonths must be between 1 and 12.");
        }
    }
}
