namespace AiBudgetBot.Core.Pricing;

/// <summary>Price class of a model, from most to least expensive per token.</summary>
public enum ModelTier
{
    Frontier,
    Reasoning,
    Standard,
    Economy,
}
