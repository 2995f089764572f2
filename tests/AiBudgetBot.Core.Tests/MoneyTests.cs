using AiBudgetBot.Core.Money;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests;

public sealed class MoneyTests
{
    private static readonly Money.Money OneDollar = new(1m, "USD");
    private static readonly Money.Money OneEuro = new(1m, "EUR");

    [Fact]
    public void Add_MixedCurrencies_IsRefused() =>
        Assert.Throws<CurrencyMismatchException>(() => OneDollar + OneEuro);

    [Fact]
    public void Subtract_MixedCurrencies_IsRefused() =>
        Assert.Throws<CurrencyMismatchException>(() => OneDollar - OneEuro);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(1, 1)]
    public void Compare_MixedCurrencies_IsRefusedWhateverTheAmounts(int dollars, int euros)
    {
        var usd = new Money.Money(dollars, "USD");
        var eur = new Money.Money(euros, "EUR");
        Assert.Throws<CurrencyMismatchException>(() => usd < eur);
        Assert.Throws<CurrencyMismatchException>(() => usd > eur);
        Assert.Throws<CurrencyMismatchException>(() => usd <= eur);
        Assert.Throws<CurrencyMismatchException>(() => usd >= eur);
        Assert.Throws<CurrencyMismatchException>(() => Money.Money.Max(usd, eur));
        Assert.Throws<CurrencyMismatchException>(() => Money.Money.Min(usd, eur));
    }

    [Fact]
    public void Compare_SameCurrency_OrdersByAmount()
    {
        var two = new Money.Money(2m, "USD");
        Assert.True(OneDollar < two);
        Assert.True(two > OneDollar);
        var alsoOne = new Money.Money(1.00m, "usd");
        Assert.True(OneDollar <= alsoOne);
        Assert.True(OneDollar >= alsoOne);
        Assert.False(two < OneDollar);
        Assert.Equal(two, Money.Money.Max(OneDollar, two));
        Assert.Equal(OneDollar, Money.Money.Min(OneDollar, two));
    }

    [Fact]
    public void Currency_IsNormalizedToUpperCase() =>
        Assert.Equal("EUR", new Money.Money(1m, "eur").Currency);

    [Theory]
    [InlineData("")]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U$D")]
    public void Currency_NotThreeLetters_IsRefused(string code) =>
        Assert.Throws<ArgumentException>(() => new Money.Money(1m, code));

    [Theory]
    [InlineData("0.0000005", 1)]
    [InlineData("-0.0000005", -1)]
    [InlineData("0.0000015", 2)]
    [InlineData("0.0000025", 3)]
    [InlineData("-0.0000025", -3)]
    [InlineData("0.00000049", 0)]
    [InlineData("1.2345674", 1_234_567)]
    public void ToMicros_RoundsHalfAwayFromZero(string amount, long micros) =>
        Assert.Equal(micros, new Money.Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "USD").ToMicros());

    [Fact]
    public void RoundToMicros_KeepsCurrencyAndRounds()
    {
        var rounded = new Money.Money(0.0000025m, "EUR").RoundToMicros();
        Assert.Equal(0.000003m, rounded.Amount);
        Assert.Equal("EUR", rounded.Currency);
    }

    [Property]
    public bool ToMicros_FromMicros_RoundTrip_ForAmountsWithAtMostSixDecimals(long micros)
    {
        var amount = micros / 1_000_000m;
        var money = new Money.Money(amount, "USD");
        return money.ToMicros() == micros
            && Money.Money.FromMicros(micros, "USD") == money
            && money.RoundToMicros() == money;
    }

    [Property]
    public bool Addition_OnMicroRoundedValues_IsCommutativeAndAssociative(int a, int b, long c)
    {
        // Amounts up to ~10^13 micro-units: far beyond any budget, well within decimal's exact range.
        var x = Money.Money.FromMicros(a * 1_000L, "USD");
        var y = Money.Money.FromMicros(b, "USD");
        var z = Money.Money.FromMicros(c % 10_000_000_000_000L, "USD");
        return x + y == y + x
            && (x + y) + z == x + (y + z)
            && ((x + y) + z).ToMicros() == x.ToMicros() + y.ToMicros() + z.ToMicros();
    }

    [Theory]
    [InlineData("1234.5", "USD", "$1,234.50")]
    [InlineData("0", "USD", "$0.00")]
    [InlineData("0.005", "USD", "$0.005")]
    [InlineData("0.000123", "USD", "$0.000123")]
    [InlineData("0.01", "USD", "$0.01")]
    [InlineData("1.005", "USD", "$1.01")]
    [InlineData("-1.5", "USD", "-$1.50")]
    [InlineData("-0.0042", "USD", "-$0.0042")]
    [InlineData("1234.5", "EUR", "€1,234.50")]
    [InlineData("12", "GBP", "£12.00")]
    [InlineData("1234.5", "CHF", "1,234.50 CHF")]
    [InlineData("-0.002", "CHF", "-0.002 CHF")]
    public void Format_ShowsSymbolOrCode_TwoDecimals_OrSubCentDigits(string amount, string currency, string expected) =>
        Assert.Equal(expected, new Money.Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency).Format());

    [Fact]
    public void ToString_IsInvariantAmountAndCode() =>
        Assert.Equal("1234.5 EUR", new Money.Money(1234.5m, "EUR").ToString());
}
