namespace AiBudgetBot.Imports;

/// <summary>The <c>Imports</c> section: how billing exports are read.</summary>
public sealed class ImportsOptions
{
    public const string Section = "Imports";

    public FocusOptions Focus { get; set; } = new();
}

/// <summary><c>Imports:Focus</c>: which FOCUS cost column counts, and which tags name our team and workflow.</summary>
public sealed class FocusOptions
{
    public const string BilledCost = "BilledCost";
    public const string EffectiveCost = "EffectiveCost";

    /// <summary><c>BilledCost</c> (what the invoice says) or <c>EffectiveCost</c> (after amortized commitments).</summary>
    public string CostColumn { get; set; } = BilledCost;

    /// <summary>The key of the <c>Tags</c> JSON object that names our team.</summary>
    public string TeamTag { get; set; } = "team";

    /// <summary>The key of the <c>Tags</c> JSON object that names the workflow.</summary>
    public string WorkflowTag { get; set; } = "workflow";
}
