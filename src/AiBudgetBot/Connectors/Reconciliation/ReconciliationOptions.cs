namespace AiBudgetBot.Connectors.Reconciliation;

/// <summary>The <c>Reconciliation</c> section.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>Drift between tracked and billed spend above this percentage of billed notifies finance (once per month and provider).</summary>
    public decimal DriftPercent { get; set; } = 5m;
}
