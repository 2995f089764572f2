namespace AiBudgetBot.Core.Pricing;

/// <summary>A model's list price per million tokens, in force from <paramref name="EffectiveFrom"/> (UTC date).</summary>
/// <param name="CachedInputPerMillion">Price of input read from the provider's prompt cache; the input price when absent.</param>
public sealed record ModelPrice(
    string Model,
    string Provider,
    ModelTier Tier,
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion,
    DateOnly EffectiveFrom)
{
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("model is required.");
        }

        if (InputPerMillion < 0m || OutputPerMillion < 0m || CachedInputPerMillion < 0m)
        {
            errors.Add($"{Model}: prices must not be negative.");
        }

        return errors;
    }
}
