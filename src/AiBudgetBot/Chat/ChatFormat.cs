using System.Globalization;
using AiBudgetBot.Core.Money;

namespace AiBudgetBot.Chat;

/// <summary>Numbers as a manager reads them.</summary>
public static class ChatFormat
{
    public static string Money(decimal amount, string currency) => new Money(amount, currency).Format();

    /// <summary>"41.2 %" (one decimal only when it says something).</summary>
    public static string Percent(decimal percent) =>
        decimal.Round(percent, percent < 10m ? 1 : 0, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    public static string Share(decimal fraction) => Percent(fraction * 100m);

    public static string Day(DateOnly date) => date.ToString("MMM d", CultureInfo.InvariantCulture);

    public static string Month(DateOnly firstDay) => firstDay.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    public static string Names(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "nobody yet",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };
}
