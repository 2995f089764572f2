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

    // Open holds and their totals, changed together only by Hold, Settle and ExpireReservations:
    // every write of the row checks them once per operation, so they are kept, not summed.
    private readonly Dictionary<string, Reservation> _holds = new(StringComparer.Ordinal);
    private decimal _reserved;
    private int _holdChars;

    /// <summary>Money held by open reservations.</summary>
    public decimal Reserved => _reserved;

    public IReadOnlyDictionary<string, Reservation> Reservations => _holds;

    /// <summary>The characters the open holds take in the ledger row (<see cref="HoldCapacity"/>).</summary>
    public int HoldChars => _holdChars;

    public Dictionary<string, BudgetOverride> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Budget pre-debited to instances that decide authorizes in memory (kept under the row's ETag with the rest).</summary>
    public Leases.LeaseBook Leases { get; private set; } = new();

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

    /// <summary>Spend per workflow and model pair (<see cref="PairKey"/>): "video-render on o1", and what it would cost on a cheaper model.</summary>
    public Dictionary<string, SpendLine> ByWorkflowModel { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Money.Money SpentMoney => new(Spent, Currency);

    public Money.Money ReservedMoney => new(Reserved, Currency);

    /// <summary>Spent plus held: what a new reservation is measured against.</summary>
    public Money.Money Committed => new(Spent + Reserved, Currency);

    public const string Unattributed = "(none)";

    /// <summary>The line that collects keys beyond <see cref="MaxKeys"/>: totals stay exact, the row stays bounded.</summary>
    public const string Others = "(others)";

    /// <summary>
    /// Most distinct workflows, models or users one ledger row names. The row is rewritten with
    /// every batch, so it must not grow with the number of users; keys seen first keep their own
    /// line (a month's heavy users show up early), later ones share <see cref="Others"/>.
    /// </summary>
    public const int MaxKeys = 250;

    /// <summary>Most workflows or models one day names in <see cref="DayWorkflows"/> and <see cref="DayModels"/>; the rest of the day is <see cref="Others"/>.</summary>
    public const int MaxDayKeys = 25;

    /// <summary>Spend per local day, so a month to date compares like for like with the previous one.</summary>
    public SortedDictionary<DateOnly, SpendLine> ByDay { get; } = [];

    /// <summary>Spend per local day and workflow (keys as in <see cref="ByWorkflow"/>): what grew, like for like.</summary>
    public SortedDictionary<DateOnly, Dictionary<string, decimal>> DayWorkflows { get; } = [];

    /// <summary>Spend per local day and model (keys as in <see cref="ByModel"/>).</summary>
    public SortedDictionary<DateOnly, Dictionary<string, decimal>> DayModels { get; } = [];

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
        var workflow = AddTo(ByWorkflow, usage.Workflow, cost, usage);
        var model = AddTo(ByModel, usage.Model, cost, usage);
        AddTo(ByTier, counted.Tier?.ToString().ToLowerInvariant(), cost, usage);
        AddTo(ByUser, usage.User, cost, usage);
        AddTo(ByWorkflowModel, PairKey(workflow, model), cost, usage);
        var day = counted.Day;
        ByDay[day] = ByDay.GetValueOrDefault(day, SpendLine.Empty).Add(cost, usage.Tokens.Input, usage.Tokens.Output);
        AddDay(DayWorkflows, day, workflow, cost);
        AddDay(DayModels, day, model, cost);
    }

    /// <summary>The key of a workflow and model pair in <see cref="ByWorkflowModel"/>.</summary>
    public static string PairKey(string workflow, string model) => workflow + PairSeparator + model;

    /// <summary>The workflow and model of a <see cref="ByWorkflowModel"/> key (<see cref="Others"/> for both once the row is full).</summary>
    public static (string Workflow, string Model) SplitPair(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.IndexOf(PairSeparator, StringComparison.Ordinal);
        return at < 0 ? (key, key) : (key[..at], key[(at + 1)..]);
    }

    /// <summary>A unit separator: cannot appear in a workflow name worth reading, and survives JSON.</summary>
    private const char PairSeparator = '\u001f';

    /// <summary>Spend on the local days up to and including <paramref name="lastDay"/>.</summary>
    public decimal SpentThrough(DateOnly lastDay) => ByDay.Where(d => d.Key <= lastDay).Sum(d => d.Value.Cost);

    /// <summary>Spend per workflow (or model) on the local days up to and including <paramref name="lastDay"/>.</summary>
    public static Dictionary<string, decimal> Through(SortedDictionary<DateOnly, Dictionary<string, decimal>> daily, DateOnly lastDay)
    {
        ArgumentNullException.ThrowIfNull(daily);
        var sums = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (day, lines) in daily)
        {
            if (day > lastDay)
            {
                break;
            }

            foreach (var (key, cost) in lines)
            {
                sums[key] = sums.GetValueOrDefault(key) + cost;
            }
        }

        return sums;
    }

    public void Hold(Reservation reservation)
    {
        // A negative hold would silently widen the room under the hard limit.
        ArgumentOutOfRangeException.ThrowIfNegative(reservation.Amount);
        Settle(reservation.Id);
        _holds[reservation.Id] = reservation;
        _reserved += reservation.Amount;
        _holdChars += HoldCapacity.Chars(reservation);
    }

    /// <summary>Releases the reservation <paramref name="requestId"/> (settled by its usage event); false when there was none.</summary>
    public bool Settle(string requestId)
    {
        if (!_holds.Remove(requestId, out var held))
        {
            return false;
        }

        _reserved -= held.Amount;
        _holdChars -= HoldCapacity.Chars(held);
        return true;
    }

    /// <summary>Drops reservations whose call never reported usage in time.</summary>
    public int ExpireReservations(DateTimeOffset now)
    {
        var expired = _holds.Values.Where(r => r.ExpiresAt <= now).Select(r => r.Id).ToList();
        expired.ForEach(id => Settle(id));
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
            Leases = Leases.Clone(),
        };
        Copy(_holds, copy._holds);
        copy._reserved = _reserved;
        copy._holdChars = _holdChars;
        Copy(Overrides, copy.Overrides);
        Copy(UserToday, copy.UserToday);
        copy.FlaggedToday.UnionWith(FlaggedToday);
        Copy(ByWorkflow, copy.ByWorkflow);
        Copy(ByModel, copy.ByModel);
        Copy(ByTier, copy.ByTier);
        Copy(ByUser, copy.ByUser);
        Copy(ByWorkflowModel, copy.ByWorkflowModel);
        foreach (var (day, line) in ByDay)
        {
            copy.ByDay[day] = line;
        }

        foreach (var (day, lines) in DayWorkflows)
        {
            copy.DayWorkflows[day] = new Dictionary<string, decimal>(lines, StringComparer.OrdinalIgnoreCase);
        }

        foreach (var (day, lines) in DayModels)
        {
            copy.DayModels[day] = new Dictionary<string, decimal>(lines, StringComparer.OrdinalIgnoreCase);
        }

        return copy;
    }

    /// <summary>Rebuilds a state from stored totals (the storage layer's mapper fills the rest).</summary>
    public static LedgerState Restore(string currency, decimal spent, long events, decimal highestThreshold, Leases.LeaseBook? leases = null) =>
        new(currency) { Spent = spent, Events = events, HighestThresholdAlerted = highestThreshold, Leases = leases ?? new() };

    /// <returns>The key the spend was counted under (<see cref="Others"/> once the dimension is full).</returns>
    private static string AddTo(Dictionary<string, SpendLine> lines, string? key, decimal cost, UsageEvent usage)
    {
        key = string.IsNullOrWhiteSpace(key) ? Unattributed : key;
        if (!lines.ContainsKey(key) && lines.Count >= MaxKeys - (lines.ContainsKey(Others) ? 0 : 1))
        {
            key = Others;
        }

        lines[key] = lines.GetValueOrDefault(key, SpendLine.Empty).Add(cost, usage.Tokens.Input, usage.Tokens.Output);
        return key;
    }

    private static void AddDay(SortedDictionary<DateOnly, Dictionary<string, decimal>> daily, DateOnly day, string key, decimal cost)
    {
        if (!daily.TryGetValue(day, out var lines))
        {
            daily[day] = lines = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        }

        if (!lines.ContainsKey(key) && lines.Count >= MaxDayKeys - (lines.ContainsKey(Others) ? 0 : 1))
        {
            key = Others;
        }

        lines[key] = lines.GetValueOrDefault(key) + cost;
    }

    private static void Copy<T>(Dictionary<string, T> from, Dictionary<string, T> to)
    {
        foreach (var (key, line) in from)
        {
            to[key] = line;
        }
    }
}
