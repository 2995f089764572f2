using System.ComponentModel.DataAnnotations;

namespace AiBudgetBot.Roster;

/// <summary>The <c>Roster</c> section: how often teams with <c>membersFrom: channel</c> take their members from their channels.</summary>
public sealed class RosterOptions : IValidatableObject
{
    public const string Section = "Roster";

    /// <summary>Minutes between scheduled syncs (the job <c>roster-sync</c>); each interval is one slot across instances.</summary>
    public int SyncMinutes { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SyncMinutes is < 5 or > 1440)
        {
            yield return new ValidationResult("Roster:SyncMinutes must be between 5 and 1440 (a day).");
        }
    }
}
