namespace AiBudgetBot.Notifications;

/// <summary>The <c>Webhooks</c> section: a generic signed outbound channel (PagerDuty, ServiceNow, a SIEM…).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public string? Url { get; set; }

    public string? Secret { get; set; }
}
