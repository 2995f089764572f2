namespace AiBudgetBot.Core.Limits;

/// <summary>Money held for a model call between its authorize and its usage event.</summary>
/// <param name="OverrideId">The override whose headroom allowed it, if any.</param>
/// <param name="Lease">The lease it was decided under in memory, if any: its settlement gives the difference back to that lease.</param>
public sealed record Reservation(string Id, decimal Amount, DateTimeOffset ExpiresAt, string Reason, string? OverrideId, Leases.LeaseRef? Lease = null);

/// <summary>Approved temporary headroom above a pool's hard limit, optionally for one business-critical workflow.</summary>
public sealed record BudgetOverride(string Id, decimal Amount, DateTimeOffset ExpiresAt, string? Workflow)
{
    public bool AppliesTo(string? workflow, DateTimeOffset now) =>
        now < ExpiresAt && (Workflow is null || string.Equals(Workflow, workflow, StringComparison.OrdinalIgnoreCase));
}
