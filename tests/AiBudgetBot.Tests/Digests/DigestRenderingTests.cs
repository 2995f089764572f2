using System.Text.Json.Nodes;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Digests;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Slack;
using AiBudgetBot.Teams;
using AiBudgetBot.Tests.Teams;

namespace AiBudgetBot.Tests.Digests;

/// <summary>The digest and the review as Teams and Slack receive them: valid, within each platform's limits, at 500 teams.</summary>
public sealed class DigestRenderingTests
{
    /// <summary>Teams' limit for a card a bot posts through an incoming webhook or connector, the strictest one.</summary>
    private const int TeamsCardBytes = 28 * 1024;

    private static readonly PeriodCalendar Calendar = PeriodCalendar.ForZone("Europe/Zurich");
    private static int _next;

    public static TheoryData<string> Messages => ["weekly", "monthly"];

    [Theory]
    [MemberData(nameof(Messages))]
    public void AdaptiveCard_WithChartsAsTheirFallbacks_IsValid15_AndUnder28KB(string which)
    {
        var message = Build(which);

        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(message));
        ReplaceChartsByFallbacks(card);

        Assert.Empty(CardSchema.AdaptiveCardErrors(card));
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString()), 1, TeamsCardBytes);
        Assert.Equal(message.Title, card["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void AdaptiveCard_DetailsAreCollapsedBehindAToggle()
    {
        var card = AdaptiveCardRenderer.ToJson(AdaptiveCardRenderer.Render(Build("weekly")));

        var body = card["body"]!.AsArray();
        var toggles = body.Where(e => e!["type"]!.GetValue<string>() == "ActionSet").ToList();
        // Every team; spend with no outcome; requests and sandbox.
        Assert.Equal(3, toggles.Count);
        var target = toggles[0]!["actions"]![0]!["targetElements"]![0]!.GetValue<string>();
        var hidden = body.Single(e => e!["id"]?.GetValue<string>() == target)!;
        Assert.False(hidden["isVisible"]!.GetValue<bool>());
        Assert.Contains("Every team", toggles[0]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void BlockKit_MessageAndThreadReplies_StayWithinSlacksLimits(string which)
    {
        var message = Build(which);
        var renderer = new BlockKitRenderer();

        var all = new[] { renderer.Render(message) }.Concat(renderer.RenderDetails(message)).ToList();

        Assert.Equal(1 + message.Blocks.OfType<DetailsBlock>().Count(), all.Count);
        foreach (var slack in all)
        {
            Assert.InRange(slack.Blocks.Count, 1, SlackLimits.BlocksPerMessage);
            Assert.All(slack.Blocks.OfType<SectionBlock>(), s => Assert.InRange(s.Text?.Text.Length ?? 0, 0, SlackLimits.SectionText));
            Assert.All(slack.Blocks.OfType<SectionBlock>().SelectMany(s => s.Fields ?? []), f => Assert.InRange(f.Text.Length, 0, SlackLimits.FieldText));
        }
    }

    /// <summary>What a client without chart support shows: each Chart.* element replaced by its fallback (or dropped).</summary>
    private static void ReplaceChartsByFallbacks(JsonNode node)
    {
        if (node is JsonArray array)
        {
            for (var i = array.Count - 1; i >= 0; i--)
            {
                if (array[i] is JsonObject element && element["type"]?.GetValue<string>() is { } type && type.StartsWith("Chart.", StringComparison.Ordinal))
                {
                    var fallback = element["fallback"] is JsonObject f ? f.DeepClone() : null;
                    array.RemoveAt(i);
                    if (fallback is not null)
                    {
                        array.Insert(i, fallback);
                    }
                }
            }
        }

        foreach (var child in node is JsonObject o ? o.Select(p => p.Value) : node is JsonArray a ? a : [])
        {
            if (child is not null)
            {
                ReplaceChartsByFallbacks(child);
            }
        }
    }

    private static OutgoingMessage Build(string which) => which == "weekly" ? Weekly() : Monthly();

    private static OutgoingMessage Weekly()
    {
        var teams = Enumerable.Range(0, 500).Select(i =>
        {
            var team = new Team($"team-{i:000}", $"Team {i:000} with a longer name", ["owner"], [], TeamChannels.None, null, []);
            var usage = Of(Enumerable.Range(0, 3).Select(u => Spend(i + u, new DateOnly(2026, 12, 1 + u), $"user-{i}-{u}", $"workflow-{u}")));
            var previous = Of([Spend(i, new DateOnly(2026, 11, 2), $"user-{i}-0", "workflow-0")]);
            var pools = new[]
            {
                Reading(team, "baseline", 1000m, usage.Total * 0.7m),
                Reading(team, "project", 500m, usage.Total * 0.2m),
                Reading(team, "sandbox", 100m, usage.Total * 0.1m, PoolKind.Sandbox),
            };
            return new DigestTeam(team, pools, usage, previous);
        }).ToList();
        return WeeklyDigest.Build(new WeeklyDigestInput(
            "2026-W49", new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 7),
            Calendar.Month(2026, 12), Calendar.Month(2026, 11), "USD", teams, [], Calendar, Returns(teams))).Message;
    }

    /// <summary>Every other team unproven: the largest list the digest can be asked to show.</summary>
    private static List<RoiReport> Returns(IEnumerable<DigestTeam> teams) =>
        [.. teams.Select((t, i) =>
        {
            var figures = new RoiFigures(100m + i, i % 2 == 0 ? 0m : 900m, 0m, 80m);
            var classification = i % 2 == 0 ? RoiClassification.Unproven : RoiClassification.Healthy;
            return new RoiReport(t.Team.Id, "2026-11", figures, classification, "", [], figures, "2026-09", null, i % 2 != 0);
        })];

    private static OutgoingMessage Monthly()
    {
        var prices = new PriceCatalog(
        [
            new ModelPrice("o1", "openai", ModelTier.Reasoning, 15m, 60m, null, new DateOnly(2024, 1, 1)),
            new ModelPrice("gpt-4o", "openai", ModelTier.Standard, 2.5m, 10m, null, new DateOnly(2024, 1, 1)),
        ]);
        var usage = Of(Enumerable.Range(0, 300).Select(i => Spend(1m + (i % 7), new DateOnly(2026, 11, 1 + (i % 30)), $"user-{i % 60}", $"workflow-{i % 12}", i % 3 == 0 ? "o1" : "gpt-4o", input: i % 5 == 0 ? 50_000 : 2_000)));
        var team = new Team("marketing", "Marketing", ["dana"], [], TeamChannels.None, null, []);
        var pools = new[] { Reading(team, "baseline", 1000m, usage.Total * 0.8m), Reading(team, "video", 400m, usage.Total * 0.2m) };
        return MonthlyReview.Build(new MonthlyReviewInput(team, Calendar.Month(2026, 11), Calendar.Month(2026, 10), pools, usage, Of([]), prices, AnalyticsSettings.Default, "USD")).Message;
    }

    private static PoolReading Reading(Team team, string pool, decimal amount, decimal spent, PoolKind kind = PoolKind.Baseline) =>
        new(team, new Pool(team.Id, pool, kind, PoolStage.Steady, new Core.Money.Money(amount, "USD"), PeriodKind.Monthly, new DateOnly(2026, 1, 1), null, 100m, 110m, Pool.DefaultThresholds, []),
            amount, amount * 1.1m, spent, 0m, spent * 2m);

    private static CountedEvent Spend(decimal cost, DateOnly day, string user, string workflow, string model = "gpt-4o", long input = 1000) =>
        new(new UsageEvent($"r{Interlocked.Increment(ref _next)}", Calendar.StartOfDay(day).AddHours(10), "t", user, workflow, model, "openai", new TokenCounts(input, 200, 0), null, null, null),
            "baseline", Calendar.Month(day.Year, day.Month), new Core.Money.Money(cost, "USD"), ModelTier.Standard)
        {
            LocalDay = day,
        };

    private static UsageBreakdown Of(IEnumerable<CountedEvent> events)
    {
        var ledger = new LedgerState("USD");
        foreach (var e in events)
        {
            ledger.Count(e);
        }

        return UsageBreakdown.Of([ledger]);
    }
}
