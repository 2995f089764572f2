namespace AiBudgetBot.Core.Money;

/// <summary>Two amounts in different currencies met in one calculation: a bug or bad input, never a silent sum.</summary>
public sealed class CurrencyMismatchException(string left, string right)
    : InvalidOperationException($"Cannot combine {left} with {right}: an organization keeps one currency.");
