namespace AiBudgetBot.Core.Budgets;

/// <summary>What a pool is for (the seed's "baseline quota" and "project-based allocation", plus the sandbox).</summary>
public enum PoolKind
{
    /// <summary>Everyday work; renews each period.</summary>
    Baseline,

    /// <summary>A named allocation for an intensive workflow, with its own dates.</summary>
    Project,

    /// <summary>The ring-fenced innovation pool: its spend never touches an operating budget.</summary>
    Sandbox,
}
