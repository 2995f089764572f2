namespace AiBudgetBot.Core.Pricing;

/// <summary>
/// The organization's model prices and the cost of a call under them.
/// </summary>
/// <remarks>
/// A model name matches its catalog entry exactly (case-insensitive), after dropping a
/// gateway's "provider/" prefix ("openai/gpt-4o"), or as a dated snapshot of it
/// ("gpt-4o-2024-08-06" is priced as "gpt-4o"; the longest such match wins, so
/// "gpt-4o-mini-2024-07-18" is "gpt-4o-mini"). Among entries for one model, the one with
/// the latest EffectiveFrom not after the call's date applies.
/// </remarks>
public sealed class PriceCatalog
{
    private readonly Dictionary<string, ModelPrice[]> _byModel;

    public PriceCatalog(IEnumerable<ModelPrice> prices)
    {
        _byModel = prices
            .GroupBy(p => p.Model, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.EffectiveFrom).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static PriceCatalog Empty { get; } = new([]);

    public IEnumerable<ModelPrice> All => _byModel.Values.SelectMany(v => v);

    public ModelPrice? Find(string model, DateOnly date)
    {
        var entries = Lookup(model) ?? (model.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? Lookup(model[(slash + 1)..]) : null);
        return entries?.FirstOrDefault(p => p.EffectiveFrom <= date);
    }

    /// <summary>The exact cost of <paramref name="tokens"/> at <paramref name="price"/>, before rounding.</summary>
    public static decimal Cost(ModelPrice price, TokenCounts tokens)
    {
        var cachedPrice = price.CachedInputPerMillion ?? price.InputPerMillion;
        var perMillion = (tokens.UncachedInput * price.InputPerMillion)
            + (tokens.CachedInput * cachedPrice)
            + (tokens.Output * price.OutputPerMillion);
        return perMillion / 1_000_000m;
    }

    private ModelPrice[]? Lookup(string model)
    {
        if (_byModel.TryGetValue(model, out var exact))
        {
            return exact;
        }

        // A dated snapshot: "<catalog model>-<digits…>". Longest catalog name first.
        ModelPrice[]? best = null;
        var bestLength = 0;
        foreach (var (name, entries) in _byModel)
        {
            if (name.Length > bestLength
                && model.Length > name.Length + 1
                && model.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && model[name.Length] is '-' or '@'
                && char.IsAsciiDigit(model[name.Length + 1]))
            {
                best = entries;
                bestLength = name.Length;
            }
        }

        return best;
    }
}
