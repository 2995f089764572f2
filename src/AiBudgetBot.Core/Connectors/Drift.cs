namespace AiBudgetBot.Core.Connectors;

/// <summary>
/// Tracked spend (what gateways and pollers reported) against billed spend (what the provider
/// or the bill says): drift = billed − tracked, as money and as a percentage of billed.
/// </summary>
public readonly record struct Drift(decimal Tracked, decimal Billed)
{
    public decimal Amount => Billed - Tracked;

    /// <summary>Drift as a percentage of billed spend (two decimals); null when nothing was billed.</summary>
    public decimal? Percent => Billed == 0m ? null : Math.Round(Amount * 100m / Billed, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Whether finance should hear of it: the drift exceeds <paramref name="thresholdPercent"/> of
    /// billed spend either way. Nothing billed yet is no drift: the bill may simply not be in.
    /// </summary>
    public bool Exceeds(decimal thresholdPercent) =>
        Percent is { } percent && Math.Abs(percent) > thresholdPercent;
}
