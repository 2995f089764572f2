namespace AiBudgetBot.Notifications;

/// <summary>The <c>Outbox</c> section: how often to look for notifications a crash or a retry left behind.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public int SweepSeconds { get; set; } = 30;

    /// <summary>How long one instance owns a row it is delivering before another may take over.</summary>
    public int LeaseSeconds { get; set; } = 60;
}
