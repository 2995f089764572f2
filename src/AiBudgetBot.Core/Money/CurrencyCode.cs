namespace AiBudgetBot.Core.Money;

/// <summary>ISO 4217 codes: three ASCII letters, kept upper case.</summary>
public static class CurrencyCode
{
    public static bool IsValid(string? code) =>
        code is { Length: 3 } && code.All(char.IsAsciiLetter);

    public static string Normalize(string? code)
    {
        if (!IsValid(code))
        {
            throw new ArgumentException($"'{code}' is not an ISO 4217 currency code (three letters, e.g. USD).", nameof(code));
        }

        return code!.ToUpperInvariant();
    }

    /// <summary>The symbol people expect for the common codes; others print the code.</summary>
    public static string? Symbol(string code) => code switch
    {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => null,
    };
}
