using System.Globalization;
using System.Text.RegularExpressions;
using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>The words after the command word, with the readers the commands share.</summary>
public sealed partial class CommandArguments(IReadOnlyList<string> words)
{
    public IReadOnlyList<string> Words { get; } = words;

    public int Count => Words.Count;

    public string this[int index] => Words[index];

    /// <summary>The words from <paramref name="start"/> on, joined by single spaces (a free-text reason).</summary>
    public string Rest(int start) => start >= Words.Count ? string.Empty : string.Join(' ', Words.Skip(start));

    /// <summary>"$250", "250.50", "1,000", "$1,000.00": a positive amount with at most two decimals.</summary>
    public static decimal? Amount(string word)
    {
        var match = AmountPattern().Match(word);
        if (!match.Success)
        {
            return null;
        }

        var number = match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0m ? amount : null;
    }

    /// <summary>A measured value: like an amount, but zero and (where the metric allows) negatives are fine; a trailing % is ignored.</summary>
    public static decimal? Number(string word)
    {
        var match = NumberPattern().Match(word);
        if (!match.Success)
        {
            return null;
        }

        var number = match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return match.Groups["sign"].Success ? -value : value;
    }

    /// <summary>"48h" → 48.</summary>
    public static int? Hours(string word)
    {
        var match = HoursPattern().Match(word);
        return match.Success && int.TryParse(match.Groups["h"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ? hours : null;
    }

    /// <summary>"2026-12" (a real month) or null.</summary>
    public static bool IsMonth(string word) =>
        MonthPattern().IsMatch(word) && DateOnly.TryParseExact(word + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool IsIdentifier(string word) => Identifier.IsValid(word);

    [GeneratedRegex(@"^\$?(?<n>(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"^(?<sign>-)?\$?(?<n>(\d{1,3}(,\d{3})+|\d+)(\.\d{1,4})?)%?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?<h>\d{1,4})h$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HoursPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();
}
