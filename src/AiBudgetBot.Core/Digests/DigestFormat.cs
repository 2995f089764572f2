using System.Globalization;
using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Core.Digests;

/// <summary>How digests write numbers: the same rounding everywhere, so a total and its lines agree.</summary>
internal static class DigestFormat
{
    public static string Amount(decimal amount, string currency) => new Money.Money(amount, currency).Format();

    public static string Percent(decimal percent) =>
        decimal.Round(percent, percent < 10m ? 1 : 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %";

    public static string Share(decimal share) => Percent(share * 100m);

    public static string Ratio(decimal ratio) => "×" + decimal.Round(ratio, ratio < 10m ? 1 : 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    public static string Tokens(decimal tokens) => decimal.Round(tokens, 0, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);

    public static string Month(DateOnly first) => first.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string MonthName(DateOnly first) => first.ToString("MMMM", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    public static string Status(BudgetHealth health) => health switch
    {
        BudgetHealth.Over => "over",
        BudgetHealth.AtRisk => "at risk",
        _ => "on track",
    };

    /// <summary>A chart value: money to the cent, so bars and fallbacks show what the table shows.</summary>
    public static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
