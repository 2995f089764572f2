using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Organization;
using Quartz;

namespace AiBudgetBot.Digests;

/// <summary>The <c>Digests</c> section: when the weekly digest and the monthly review go out, and finance's channels.</summary>
public sealed class DigestsOptions : IValidatableObject
{
    public const string Section = "Digests";

    /// <summary>Quartz cron in <c>Organization:TimeZone</c>; Monday 09:00.</summary>
    public string WeeklyCron { get; set; } = "0 0 9 ? * MON";

    /// <summary>Quartz cron in <c>Organization:TimeZone</c>; the 1st at 09:00 (for the month just ended).</summary>
    public string MonthlyCron { get; set; } = "0 0 9 1 * ?";

    /// <summary>A slot missed while no instance ran is sent at start if it is at most this many days old.</summary>
    [Range(0, 31)]
    public int CatchUpDays { get; set; } = 3;

    /// <summary>Slack channel id where finance gets digests.</summary>
    public string? FinanceSlackChannel { get; set; }

    /// <summary>Teams channel where finance gets digests (with <see cref="FinanceTeamsConversationId"/>).</summary>
    public Uri? FinanceTeamsServiceUrl { get; set; }

    public string? FinanceTeamsConversationId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, cron) in new[] { (nameof(WeeklyCron), WeeklyCron), (nameof(MonthlyCron), MonthlyCron) })
        {
            if (!CronExpression.TryParse(cron, out _))
            {
                yield return new ValidationResult($"Digests:{key} '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 9 ? * MON\").", [key]);
            }
        }

        if (FinanceTeamsServiceUrl is { } url && !OutboundUrl.IsAllowed(url))
        {
            yield return new ValidationResult("Digests:FinanceTeamsServiceUrl must be https:// (plain http only on loopback).", [nameof(FinanceTeamsServiceUrl)]);
        }

        if ((FinanceTeamsServiceUrl is null) != string.IsNullOrWhiteSpace(FinanceTeamsConversationId))
        {
            yield return new ValidationResult("Digests:FinanceTeamsServiceUrl and Digests:FinanceTeamsConversationId go together: set both or neither.", [nameof(FinanceTeamsConversationId)]);
        }
    }
}
