namespace AiBudgetBot.Connectors.Costs;

/// <summary>One result of a provider's cost bucket: what a project (workspace) spent on a line item in [Start, End).</summary>
public sealed record CostLine(DateTimeOffset Start, DateTimeOffset End, string? Project, string? LineItem, string? Model, decimal Amount, string Currency);

/// <summary>What a provider's cost API gave: its lines, or why it could not (a refused key, a failing service).</summary>
public sealed record CostFetch(IReadOnlyList<CostLine> Lines, int Pages, string? Error, int? ErrorStatus = null);
