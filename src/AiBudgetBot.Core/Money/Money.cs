using System.Globalization;

namespace AiBudgetBot.Core.Money;

/// <summary>
/// An exact amount in one currency. Arithmetic refuses to mix currencies, so a
/// euro can never be added to a dollar by accident.
/// </summary>
/// <remarks>
/// The unit of account is the micro-unit (10^-6 of the currency): a cost is rounded to it
/// once, when it is counted, and every sum after that is exact. Storage keeps micro-units
/// as integers because Table Storage has no decimal type.
/// </remarks>
public readonly record struct Money
{
    public const long MicrosPerUnit = 1_000_000;

    public Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = CurrencyCode.Normalize(currency);
    }

    public decimal Amount { get; }

    public string Currency { get; }

    public static Money Zero(string currency) => new(0m, currency);

    public static Money FromMicros(long micros, string currency) => new(micros / (decimal)MicrosPerUnit, currency);

    /// <summary>The amount in whole micro-units, rounded half away from zero.</summary>
    public long ToMicros() => checked((long)decimal.Round(Amount * MicrosPerUnit, 0, MidpointRounding.AwayFromZero));

    /// <summary>This amount rounded to the unit of account.</summary>
    public Money RoundToMicros() => FromMicros(ToMicros(), Currency);

    public bool IsNegative => Amount < 0m;

    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));

    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));

    public static Money operator *(Money money, decimal factor) => new(money.Amount * factor, money.Currency);

    // The currency check comes first: after "amount && check", a false amount comparison
    // short-circuited it, so $2 < €1 quietly said false instead of refusing to compare.
    public static bool operator <(Money left, Money right) => SameCurrency(left, right) is not null && left.Amount < right.Amount;

    public static bool operator >(Money left, Money right) => SameCurrency(left, right) is not null && left.Amount > right.Amount;

    public static bool operator <=(Money left, Money right) => SameCurrency(left, right) is not null && left.Amount <= right.Amount;

    public static bool operator >=(Money left, Money right) => SameCurrency(left, right) is not null && left.Amount >= right.Amount;

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Multiply(decimal factor) => this * factor;

    public static Money Max(Money left, Money right) => left >= right ? left : right;

    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <summary>"$1,234.50" for people: two decimals, or up to six for sub-cent amounts so they never show as $0.00.</summary>
    public string Format()
    {
        var magnitude = Math.Abs(Amount);
        var number = magnitude == 0m || magnitude >= 0.01m
            ? decimal.Round(magnitude, 2, MidpointRounding.AwayFromZero).ToString("N2", CultureInfo.InvariantCulture)
            : magnitude.ToString("0.00####", CultureInfo.InvariantCulture);
        var sign = Amount < 0m ? "-" : "";
        return CurrencyCode.Symbol(Currency) is { } symbol ? $"{sign}{symbol}{number}" : $"{sign}{number} {Currency}";
    }

    public override string ToString() => $"{Amount.ToString(CultureInfo.InvariantCulture)} {Currency}";

    private static string SameCurrency(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency);
        }

        return left.Currency;
    }
}
