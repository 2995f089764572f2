using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests;

/// <summary>Small builders so each test states only what it is about.</summary>
internal static class TestData
{
    public const string Usd = "USD";

    public static Money.Money Usd_(decimal amount) => new(amount, Usd);

    public static Pool Pool(
        string id = "baseline",
        PoolKind kind = PoolKind.Baseline,
        decimal amount = 1000m,
        string currency = Usd,
        PeriodKind period = PeriodKind.Monthly,
        DateOnly? start = null,
        DateOnly? end = null,
        decimal soft = 80m,
        decimal hard = 100m,
        IReadOnlyList<decimal>? thresholds = null,
        IReadOnlyList<string>? workflows = null,
        string teamId = "marketing") =>
        new(teamId, id, kind, PoolStage.Steady, new Money.Money(amount, currency), period,
            start ?? new DateOnly(2026, 1, 1), end, soft, hard,
            thresholds ?? AiBudgetBot.Core.Budgets.Pool.DefaultThresholds, workflows ?? []);

    public static Team Team(string id = "marketing") =>
        new(id, id, ["owner"], [], TeamChannels.None, null, []);

    public static ModelPrice Price(
        string model = "gpt-4o",
        decimal input = 2.50m,
        decimal output = 10m,
        decimal? cached = 1.25m,
        DateOnly? from = null,
        ModelTier tier = ModelTier.Frontier) =>
        new(model, "openai", tier, input, output, cached, from ?? new DateOnly(2024, 1, 1));

    public static UsageEvent Event(
        string id = "evt-1",
        DateTimeOffset? at = null,
        string team = "marketing",
        string? user = "alice",
        string? workflow = null,
        string model = "gpt-4o",
        TokenCounts? tokens = null,
        decimal? cost = null,
        string? currency = null,
        string? pool = null) =>
        new(id, at ?? new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), team, user, workflow, model, "openai",
            tokens ?? new TokenCounts(1000, 500, 0), cost, currency, pool);

    /// <summary>A counted event of <paramref name="cost"/> dollars in December 2026 (UTC), pool baseline.</summary>
    public static CountedEvent Counted(decimal cost, string id = "evt-1") =>
        new(Event(id: id), "baseline", Periods.PeriodCalendar.ForZone("UTC").Month(2026, 12), Usd_(cost), ModelTier.Standard);
}
