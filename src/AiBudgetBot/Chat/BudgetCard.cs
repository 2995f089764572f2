using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Status;

namespace AiBudgetBot.Chat;

/// <summary>The <c>budget</c> answer: one bar per pool, what is left, where the month is heading.</summary>
public static class BudgetCard
{
    /// <summary>The practice note's early warning: at 75 % a manager reviews usage before the money runs out.</summary>
    public const decimal ReviewPercent = 75m;

    /// <param name="verdict">The team's ROI verdict with its reason (<see cref="ITeamVerdicts"/>), when outcomes are on.</param>
    public static OutgoingMessage Build(TeamStatus status, string currency, string? verdict = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var team = status.Team;
        if (status.Pools.Count == 0)
        {
            return ChatCards.Note($"{team.Name} has no active budget", $"{team.Name} has no budget pool active today. An admin sets one with PUT /api/v1/teams/{team.Id}/pools/baseline.");
        }

        var blocks = new List<MessageBlock>();
        var lines = new List<string>();
        foreach (var pool in status.Pools)
        {
            var spent = ChatFormat.Money(pool.Ledger.Spent, currency);
            var limit = ChatFormat.Money(pool.Limit, currency);
            var left = ChatFormat.Money(pool.Remaining, currency);
            var name = $"{Capitalised(pool.Pool.Id)} ({pool.Pool.Kind.ToString().ToLowerInvariant()}, {pool.Pool.Stage.ToString().ToLowerInvariant()})";
            blocks.Add(new ProgressBlock(name, pool.PercentUsed, $"{spent} of {limit} · {ChatFormat.Percent(pool.PercentUsed)} · {left} left", Tone(pool)));

            var facts = new List<Fact>
            {
                new("Spent", spent),
                new("Remaining", left),
            };
            if (pool.Ledger.Reserved > 0m)
            {
                facts.Add(new Fact("Held for calls in flight", ChatFormat.Money(pool.Ledger.Reserved, currency)));
            }

            if (pool.Ledger.Leases.WrittenOff > 0m)
            {
                facts.Add(new Fact("Lost with a stopped bot instance", ChatFormat.Money(pool.Ledger.Leases.WrittenOff, currency)));
            }

            var forecast = pool.Forecast is { } f
                ? $"on pace for {ChatFormat.Money(f, currency)} by {ChatFormat.Day(pool.Period.LastDay)}"
                : "too early to tell (first day of the period)";
            facts.Add(new Fact("Forecast", forecast));
            facts.Add(new Fact("Soft limit", $"{ChatFormat.Money(pool.Pool.SoftLimit.Amount, currency)} ({ChatFormat.Number(pool.Pool.SoftLimitPercent)} %): calls still run, flagged"));
            facts.Add(new Fact("Hard limit", $"{ChatFormat.Money(pool.Limits.Hard, currency)} ({ChatFormat.Number(pool.Limits.Hard * 100m / pool.Pool.Amount.Amount)} %): calls are denied"));
            facts.Add(new Fact("Overrides", "none active"));
            blocks.Add(new FactsBlock(facts));
            lines.Add($"{name}: {spent} of {limit} ({ChatFormat.Percent(pool.PercentUsed)}), {left} left, forecast {forecast}.");
        }

        if (team.PausedWorkflows.Count > 0)
        {
            var paused = $"Paused workflows: {string.Join(", ", team.PausedWorkflows)}.";
            blocks.Add(new TextBlock(paused));
            lines.Add(paused);
        }

        if (verdict is not null)
        {
            blocks.Add(new TextBlock(verdict));
            lines.Add(verdict);
        }

        if (!team.IsOnboarded)
        {
            const string NotOnboarded = "**Not onboarded yet**: usage is tracked, but calls are denied until a budget owner accepts the financial framework.";
            blocks.Add(new TextBlock(NotOnboarded));
            lines.Add(NotOnboarded);
        }

        var tone = status.Pools.Max(Tone);
        var title = status.Pools.Count == 1
            ? $"{team.Name} has {ChatFormat.Money(status.Pools[0].Remaining, currency)} left ({ChatFormat.Percent(status.Pools[0].PercentUsed)} used)"
            : $"{team.Name} has {ChatFormat.Money(status.Pools.Sum(p => p.Remaining), currency)} left across {status.Pools.Count} pools";
        return new OutgoingMessage(title, title + "\n" + string.Join("\n", lines), blocks, [new MessageAction(ActionVerbs.ViewUsage, "View usage", team.Id)], tone)
        {
            Visibility = MessageVisibility.Private,
        };
    }

    /// <summary>Alarm at the soft limit, a warning from the review threshold or when the forecast passes the soft limit, good otherwise.</summary>
    public static MessageTone Tone(PoolStatus pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.PercentUsed >= pool.Pool.SoftLimitPercent)
        {
            return MessageTone.Alarm;
        }

        return pool.PercentUsed >= ReviewPercent || pool.Forecast > pool.Limits.Soft ? MessageTone.Warning : MessageTone.Good;
    }

    private static string Capitalised(string id) => id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + id[1..];
}
