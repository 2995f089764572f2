using System.Globalization;
using AiBudgetBot.Core.Money;

namespace AiBudgetBot.Core.Analytics;

/// <summary>How ROI sentences write amounts and ratios ("$1,000", "8.0×", "target 3×").</summary>
public static class RoiText
{
    /// <summary>"$1,000" for whole amounts, "$1,000.50" otherwise.</summary>
    public static string Money(decimal amount, string currency)
    {
        if (amount != decimal.Truncate(amount))
        {
            return new Money.Money(amount, currency).Format();
        }

        var number = Math.Abs(amount).ToString("N0", CultureInfo.InvariantCulture);
        var sign = amount < 0m ? "-" : "";
        return CurrencyCode.Symbol(currency) is { } symbol ? $"{sign}{symbol}{number}" : $"{sign}{number} {CurrencyCode.Normalize(currency)}";
    }

    /// <summary>"8.0×": one decimal, truncated, so a ratio just under a threshold never reads as reaching it.</summary>
    public static string Ratio(decimal roi) => (decimal.Truncate(roi * 10m) / 10m).ToString("0.0", CultureInfo.InvariantCulture) + "×";

    /// <summary>"3×", "2.5×": a configured threshold as it was written.</summary>
    public static string Threshold(decimal roi) => roi.ToString("#,0.##", CultureInfo.InvariantCulture) + "×";

    /// <summary>"December 2026" for "2026-12".</summary>
    public static string Month(string month) =>
        OutcomeRules.ParseMonth(month) is { } first ? first.ToString("MMMM yyyy", CultureInfo.InvariantCulture) : month;
}
