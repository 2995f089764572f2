using System.ComponentModel.DataAnnotations;

namespace AiBudgetBot.Charts;

/// <summary>The <c>Charts</c> section: how chart links are signed and how long they live.</summary>
public sealed class ChartsOptions : IValidatableObject
{
    public const string Section = "Charts";

    /// <summary>
    /// The secret chart links are signed with (HMAC-SHA256), the same on every instance. Empty:
    /// a key derived from <c>Admin:ApiKey</c> (one-way, so a link reveals nothing of it); set this
    /// to rotate chart links on their own. With neither, cards show the numbers instead of pictures.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long a chart link works: a monthly review is read over the following month.</summary>
    [Range(1, 400, ErrorMessage = "Charts:LinkDays must be between 1 and 400.")]
    public int LinkDays { get; set; } = 35;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey.Length is > 0 and < 32)
        {
            yield return new ValidationResult("Charts:SigningKey must be at least 32 characters (or empty to derive it from Admin:ApiKey).", [nameof(SigningKey)]);
        }
    }
}
