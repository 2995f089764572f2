using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Spend;

/// <summary>
/// One pool's books for one period: settled spend, money held by open reservations, and
/// where the spend went. The storage layer keeps exactly this in the pool-period's ledger
/// row and changes it only together with the rows that justify the change.
/// </summary>
public sealed class LedgerState
{
    public LedgerState(string currency) => Currency = currency;

    public string Currency { get; }

    public decimal Spent { get; private set; }

    public decimal Reserved { get; private set; }

    public long Events { get; private set; }

    /// <summary>The highest threshold (percent) already announced this period; 0 when none.</summary>
    public decimal HighestThresholdAlerted { get; set; }

    public Dictionary<string, SpendLine> ByWorkflow { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SpendLine> ByModel { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SpendLine> ByTier { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SpendLine> ByUser { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Money.Money SpentMoney => new(Spent, Currency);

    public Money.Money ReservedMoney => new(Reserved, Currency);

    /// <summary>Spent plus held: what a new reservation is measured against.</summary>
    public Money.Money Committed => new(Spent + Reserved, Currency);

    public const string Unattributed = "(none)";

    public void Count(CountedEvent counted)
    {
        if (counted.Cost.Currency != Currency)
        {
            throw new Money.CurrencyMismatchException(Currency, counted.Cost.Currency);
        }

        var cost = counted.Cost.Amount;
        var usage = counted.Event;
        Spent += cost;
        Events++;
        AddTo(ByWorkflow, usage.Workflow, cost, usage);
        AddTo(ByModel, usage.Model, cost, usage);
        AddTo(ByTier, counted.Tier?.ToString().ToLowerInvariant(), cost, usage);
        AddTo(ByUser, usage.User, cost, usage);
    }

    // A negative amount is refused: Hold(-x) drove Reserved below zero (and Release(-x) raised it),
    // which would hand out headroom that no reservation paid for.
    public void Hold(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Reserved += amount;
    }

    public void Release(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Reserved = Math.Max(0m, Reserved - amount);
    }

    /// <summary>Share of <paramref name="pool"/>'s amount spent, in percent.</summary>
    public decimal PercentUsed(Pool pool) => pool.Amount.Amount == 0m ? 0m : Spent * 100m / pool.Amount.Amount;

    public LedgerState Clone()
    {
        var copy = new LedgerState(Currency)
        {
            Spent = Spent,
            Reserved = Reserved,
            Events = Events,
            HighestThresholdAlerted = HighestThresholdAlerted,
        };
        Copy(ByWorkflow, copy.ByWorkflow);
        Copy(ByModel, copy.ByModel);
        Copy(ByTier, copy.ByTier);
        Copy(ByUser, copy.ByUser);
        return copy;
    }

    /// <summary>Rebuilds a state from stored totals (the storage layer's mapper).</summary>
    public static LedgerState Restore(string currency, decimal spent, decimal reserved, long events, decimal highestThreshold) =>
        new(currency) { Spent = spent, Reserved = reserved, Events = events, HighestThresholdAlerted = highestThreshold };

    private static void AddTo(Dictionary<string, SpendLine> lines, string? key, decimal cost, UsageEvent usage)
    {
        key = string.IsNullOrWhiteSpace(key) ? Unattributed : key;
        lines[key] = lines.GetValueOrDefault(key, SpendLine.Empty).Add(cost, usage.Tokens.Input, usage.Tokens.Output);
    }

    private static void Copy(Dictionary<string, SpendLine> from, Dictionary<string, SpendLine> to)
    {
        foreach (var (key, line) in from)
        {
            to[key] = line;
        }
    }
}
