namespace AiBudgetBot.Connectors.Reconciliation;

/// <summary>The answer of <c>GET /api/v1/reconciliation?month=</c>: per provider, tracked against billed.</summary>
public sealed record ReconciliationReport(string Month, string Currency, decimal DriftPercentThreshold, IReadOnlyList<ProviderReconciliation> Providers);

/// <param name="Drift">Billed − tracked.</param>
/// <param name="DriftPercent">Drift as a percentage of billed; null when nothing was billed.</param>
/// <param name="Explanations">What is known to explain the difference: unmapped projects, unknown models, calls without cost.</param>
public sealed record ProviderReconciliation(
    string Provider,
    decimal Tracked,
    decimal Billed,
    decimal Drift,
    decimal? DriftPercent,
    bool AboveThreshold,
    IReadOnlyList<TeamReconciliation> Teams,
    IReadOnlyList<string> Explanations);

public sealed record TeamReconciliation(string Team, decimal Tracked, decimal Billed, decimal Drift, decimal? DriftPercent);
