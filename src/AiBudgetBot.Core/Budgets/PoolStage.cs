namespace AiBudgetBot.Core.Budgets;

/// <summary>Pilot pools follow stricter rules than steady-state ones (see the organization's stage policy).</summary>
public enum PoolStage
{
    Pilot,
    Steady,
}
