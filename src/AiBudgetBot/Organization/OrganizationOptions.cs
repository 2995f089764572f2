using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Core.Periods;

namespace AiBudgetBot.Organization;

/// <summary>The <c>Organization</c> section: the zone periods follow and the one currency of every amount.</summary>
public sealed class OrganizationOptions : IValidatableObject
{
    public const string Section = "Organization";

    public string TimeZone { get; set; } = "UTC";

    public string Currency { get; set; } = "USD";

    public Uri? PublicBaseUrl { get; set; }

    public PeriodCalendar Calendar() => PeriodCalendar.ForZone(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Organization:TimeZone '{TimeZone}' is not an IANA time zone (e.g. Europe/Berlin).", [nameof(TimeZone)]);
        }

        if (!CurrencyCode.IsValid(Currency))
        {
            yield return new ValidationResult($"Organization:Currency '{Currency}' is not an ISO 4217 code (e.g. USD).", [nameof(Currency)]);
        }

        if (PublicBaseUrl is { } url && !OutboundUrl.IsAllowed(url))
        {
            yield return new ValidationResult($"Organization:PublicBaseUrl must be https:// (plain http only on loopback).", [nameof(PublicBaseUrl)]);
        }
    }
}
