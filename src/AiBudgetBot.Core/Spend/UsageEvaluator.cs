using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;

namespace AiBudgetBot.Core.Spend;

/// <summary>
/// Decides whether a usage event can be counted and where: checks it, prices it and routes
/// it to a pool. Pure: the same event and directory always give the same answer, which is
/// what makes a replayed event land on the same row (and so count once).
/// </summary>
public sealed class UsageEvaluator(BudgetDirectory directory, PeriodCalendar calendar, string currency)
{
    public const int MaxIdLength = 200;

    /// <summary>How far ahead of the receiver's clock an event may be stamped (clock skew, not the future).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    /// <summary>The largest cost that fits the ledger's unit of account (a long of micro-units).</summary>
    public static readonly decimal MaxCost = long.MaxValue / (decimal)Money.Money.MicrosPerUnit;

    /// <summary>
    /// More tokens than any call can use (a trillion): the ledger sums token counts as longs, so a
    /// count near long.MaxValue overflowed the sum and failed the partition's write as a 503.
    /// </summary>
    public const long MaxTokens = 1_000_000_000_000;

    public Evaluation Evaluate(UsageEvent usage, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(usage.Id))
        {
            errors.Add("id is required.");
        }
        else if (usage.Id.Length > MaxIdLength)
        {
            errors.Add($"id is longer than {MaxIdLength} characters.");
        }
        else if (usage.Id.Any(char.IsControl))
        {
            errors.Add("id contains control characters.");
        }

        if (usage.Timestamp == default)
        {
            errors.Add("timestamp is required (RFC 3339 with an offset, e.g. 2026-12-01T10:00:00Z).");
        }
        else if (usage.Timestamp > now + MaxFutureSkew)
        {
            errors.Add($"timestamp {usage.Timestamp:O} is more than a day in the future.");
        }

        if (string.IsNullOrWhiteSpace(usage.Model))
        {
            errors.Add("model is required.");
        }

        if (usage.Tokens.Input < 0 || usage.Tokens.Output < 0 || usage.Tokens.CachedInput < 0)
        {
            errors.Add("token counts must not be negative.");
        }
        else if (usage.Tokens.Input > MaxTokens || usage.Tokens.Output > MaxTokens)
        {
            errors.Add($"token counts above {MaxTokens:N0} per event are not plausible; send the counts of one call.");
        }
        else if (usage.Tokens.CachedInput > usage.Tokens.Input)
        {
            errors.Add($"cachedInputTokens ({usage.Tokens.CachedInput}) cannot exceed inputTokens ({usage.Tokens.Input}), which include them.");
        }

        if (usage.Cost < 0m && !usage.Correction)
        {
            errors.Add("cost must not be negative.");
        }
        else if (usage.Cost > MaxCost || usage.Cost < -MaxCost)
        {
            errors.Add(TooLarge(usage.Cost.Value));
        }

        if (usage.Currency is { } sent && !string.Equals(sent, currency, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"currency {sent} differs from the organization's {currency}; convert before sending.");
        }

        Team? team = null;
        if (string.IsNullOrWhiteSpace(usage.TeamId))
        {
            errors.Add("team is required.");
        }
        else if ((team = directory.FindTeam(usage.TeamId)) is null)
        {
            errors.Add($"team '{usage.TeamId}' is not known; create it with PUT /api/v1/teams/{usage.TeamId}.");
        }

        if (errors.Count > 0)
        {
            return Evaluation.Rejected(errors);
        }

        var date = calendar.LocalDate(usage.Timestamp);
        var price = directory.Prices.Find(usage.Model, DateOnly.FromDateTime(usage.Timestamp.UtcDateTime));
        decimal cost;
        if (usage.Cost is { } given)
        {
            cost = given;
        }
        else if (price is not null)
        {
            cost = PriceCatalog.Cost(price, usage.Tokens);
        }
        else
        {
            return Evaluation.Rejected([$"cost unknown: no cost given and model '{usage.Model}' is not in the price catalog (PUT /api/v1/prices)."]);
        }

        // Rounding to micro-units is a checked conversion to long: a cost beyond it (a huge given
        // cost, or absurd token counts) threw OverflowException and failed the whole request.
        if (cost > MaxCost)
        {
            return Evaluation.Rejected([TooLarge(cost)]);
        }

        var routed = PoolRouter.Route(directory.PoolsOf(team!.Id), usage.PoolId, usage.Workflow, date);
        if (routed.Pool is not { } pool)
        {
            return Evaluation.Rejected([routed.Error!]);
        }

        var counted = new CountedEvent(
            usage,
            pool.Id,
            pool.PeriodOf(usage.Timestamp, calendar),
            new Money.Money(cost, currency).RoundToMicros(),
            price?.Tier)
        {
            LocalDay = date,
        };
        return Evaluation.Counted(counted);
    }

    private static string TooLarge(decimal cost) =>
        $"cost {cost.ToString(System.Globalization.CultureInfo.InvariantCulture)} is too large to count.";
}

/// <summary>The outcome of evaluating one usage event: counted somewhere, or rejected with reasons.</summary>
public sealed record Evaluation(CountedEvent? Event, IReadOnlyList<string> Errors)
{
    public static Evaluation Counted(CountedEvent counted) => new(counted, []);

    public static Evaluation Rejected(IReadOnlyList<string> errors) => new(null, errors);
}
