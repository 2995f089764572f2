using System.ComponentModel.DataAnnotations;

namespace AiBudgetBot.Approvals;

/// <summary>The <c>Approvals</c> section: how long overrides last and how long a request may wait.</summary>
public sealed class ApprovalsOptions : IValidatableObject
{
    public const string Section = "Approvals";

    /// <summary>An override asked for without hours lasts this long once approved.</summary>
    public int DefaultOverrideHours { get; set; } = 72;

    /// <summary>No override lasts longer: beyond this it is an increase, not an override.</summary>
    public int MaxOverrideHours { get; set; } = 24 * 14;

    /// <summary>A request nobody decided within this many hours expires (requester and deciders are told).</summary>
    public int PendingHours { get; set; } = 72;

    /// <summary>How often the expiry job runs.</summary>
    public int ExpiryCheckMinutes { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultOverrideHours < 1 || MaxOverrideHours < DefaultOverrideHours)
        {
            yield return new ValidationResult("Approvals:DefaultOverrideHours must be at least 1 and Approvals:MaxOverrideHours at least that.");
        }

        if (PendingHours < 1)
        {
            yield return new ValidationResult("Approvals:PendingHours must be at least 1.");
        }

        if (ExpiryCheckMinutes is < 1 or > 60)
        {
            yield return new ValidationResult("Approvals:ExpiryCheckMinutes must be between 1 and 60.");
        }
    }
}
