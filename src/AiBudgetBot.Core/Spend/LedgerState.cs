using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Limits;

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

    /// <summary>Money held by open reservations (derived from them, so it can never drift).</summary>
    public decimal Reserved => Reservations.Values.Sum(r => r.Amount);

    public Dictionary<string, Reservation> Reservations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, BudgetOverride> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether this period's "projected to run out" warning has gone out.</summary>
    public bool ForecastAlerted { get; set; }

    /// <summary>The local day <see cref="UserToday"/> counts (review trigger "a user's day above an amount").</summary>
    public DateOnly? ReviewDay { get; set; }

    public Dictionary<string, decimal> UserToday { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users already flagged for review on <see cref="ReviewDay"/>: once per user per day.</summary>
    public HashSet<string> FlaggedToday { get; } = new(StringComparer.OrdinalIgnoreCase);

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

    public void Hold(Reservation reservation)
    {
        // A negative hold would silently widen the room under the hard limit.
        ArgumentOutOfRangeException.ThrowIfNegative(reservation.Amount);
        Reservations[reservation.Id] = reservation;
    }

    /// <summary>Releases the reservation <paramref name="requestId"/> (settled by its usage event); false when there was none.</summary>
    public bool Settle(string requestId) => Reservations.Remove(requestId);

    /// <summary>Drops reservations whose call never reported usage in time.</summary>
    public int ExpireReservations(DateTimeOffset now)
    {
        var expired = Reservations.Values.Where(r => r.ExpiresAt <= now).Select(r => r.Id).ToList();
        expired.ForEach(id => Reservations.Remove(id));
        return expired.Count;
    }

    /// <summary>The first active override that covers <paramref name="workflow"/>.</summary>
    public BudgetOverride? OverrideFor(string? workflow, DateTimeOffset now) =>
        Overrides.Values.Where(o => o.AppliesTo(workflow, now)).OrderBy(o => o.ExpiresAt).FirstOrDefault();

    /// <summary>Extra room above the hard limit that active overrides give <paramref name="workflow"/>.</summary>
    public decimal OverrideHeadroom(string? workflow, DateTimeOffset now) =>
        Overrides.Values.Where(o => o.AppliesTo(workflow, now)).Sum(o => o.Amount);

    /// <summary>Adds <paramref name="cost"/> to the user's total for <paramref name="day"/>; the new total, or null for an older day.</summary>
    public decimal? CountUserDay(string user, DateOnly day, decimal cost)
    {
        if (ReviewDay is { } current && day < current)
        {
            return null;
        }

        if (ReviewDay != day)
        {
            ReviewDay = day;
            UserToday.Clear();
            FlaggedToday.Clear();
        }

        return UserToday[user] = UserToday.GetValueOrDefault(user) + cost;
    }

    /// <summary>Share of <paramref name="pool"/>'s amount spent, in percent.</summary>
    public decimal PercentUsed(Pool pool) => pool.Amount.Amount == 0m ? 0m : Spent * 100m / pool.Amount.Amount;

    public LedgerState Clone()
    {
        var copy = new LedgerState(Currency)
        {
            Spent = Spent,
            Events = Events,
            HighestThresholdAlerted = HighestThresholdAlerted,
            ForecastAlerted = ForecastAlerted,
            ReviewDay = ReviewDay,
        };
        Copy(Reservations, copy.Reservations);
        Copy(Overrides, copy.Overrides);
        Copy(UserToday, copy.UserToday);
        copy.FlaggedToday.UnionWith(FlaggedToday);
        Copy(ByWorkflow, copy.ByWorkflow);
        Copy(ByModel, copy.ByModel);
        Copy(ByTier, copy.ByTier);
        Copy(ByUser, copy.ByUser);
        return copy;
    }

    /// <summary>Rebuilds a state from stored totals (the storage layer's mapper fills the rest).</summary>
    public static LedgerState Restore(string currency, decimal spent, long events, decimal highestThreshold) =>
        new(currency) { Spent = spent, Events = events, HighestThresholdAlerted = highestThreshold };

    private static void AddTo(Dictionary<string, SpendLine> lines, string? key, decimal cost, UsageEvent usage)
    {
        key = string.IsNullOrWhiteSpace(key) ? Unattributed : key;
        lines[key] = lines.GetValueOrDefault(key, SpendLine.Empty).Add(cost, usage.Tokens.Input, usage.Tokens.Output);
    }

    private static void Copy<T>(Dictionary<string, T> from, Dictionary<string, T> to)
    {
        foreach (var (key, line) in from)
        {
            to[key] = line;
        }
    }
}
