using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Digests;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests;

public sealed class DigestTests
{
    private static readonly PeriodCalendar Zurich = PeriodCalendar.ForZone("Europe/Zurich");

    private static int _next;

    private static CountedEvent Spend(decimal cost, DateOnly day, string user = "alice", string workflow = "campaign-copy", string model = "gpt-4o", long input = 1000, long output = 500) =>
        new(TestData.Event(id: $"d{Interlocked.Increment(ref _next)}", at: Zurich.StartOfDay(day).AddHours(10), user: user, workflow: workflow, model: model, tokens: new TokenCounts(input, output, 0)),
            "baseline", Zurich.Month(day.Year, day.Month), TestData.Usd_(cost), ModelTier.Standard)
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

    private static DigestTeam Team(string id, decimal limit, decimal? forecast, IEnumerable<CountedEvent> december, IEnumerable<CountedEvent> november)
    {
        var team = new Team(id, char.ToUpperInvariant(id[0]) + id[1..], ["owner"], [], TeamChannels.None, null, []);
        var current = Of(december);
        return new DigestTeam(team, [new PoolReading(team, TestData.Pool(teamId: id, amount: limit), limit, limit * 1.1m, current.Total, 0m, forecast)], current, Of(november));
    }

    private static WeeklyDigestInput Input(params DigestTeam[] teams) =>
        new("2026-W49", new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6), new DateOnly(2026, 12, 7), Zurich.Month(2026, 12), Zurich.Month(2026, 11), "USD", teams, [], Zurich);

    [Fact]
    public void WeeklyDigest_HeadlineTotalsChartAndMoverWithDrivers()
    {
        var marketing = Team("marketing", 1000m, 1400m,
            Enumerable.Range(1, 7).Select(d => Spend(10m, new DateOnly(2026, 12, d)))
                .Concat(Enumerable.Range(1, 7).Select(d => Spend(50m, new DateOnly(2026, 12, d), user: d % 2 == 0 ? "ann" : "bo", workflow: "video-render", model: "o1"))),
            Enumerable.Range(1, 7).Select(d => Spend(20m, new DateOnly(2026, 11, d))).Append(Spend(5m, new DateOnly(2026, 11, 30))));
        var support = Team("support", 500m, 100m, [Spend(20m, new DateOnly(2026, 12, 2), workflow: "triage")], [Spend(20m, new DateOnly(2026, 11, 2), workflow: "triage")]);

        var digest = WeeklyDigest.Build(Input(marketing, support));

        // 7 × 60 + 20 = 440 of 1,500; forecast 1,400 + 100.
        Assert.Equal("AI spend, December to date: $440.00 of $1,500.00 (29 %), on pace for $1,500.00 · 1 at risk", digest.Message.Title);
        Assert.Equal(WeeklyDigest.Kind, digest.Kind);
        Assert.Equal("weekly-digest|2026-W49", digest.Id);
        var chart = digest.Message.Blocks.OfType<ChartBlock>().Single();
        Assert.Equal(ChartKind.GroupedVerticalBar, chart.Kind);
        Assert.Equal([420m, 20m], chart.Series[0].Points.Select(p => p.Value));
        Assert.Equal([1000m, 500m], chart.Series[1].Points.Select(p => p.Value));
        // Like for like: Dec 1–7 $420 against Nov 1–7 $140; video-render on o1 made the growth, over 2 users.
        Assert.Contains("Marketing ×3 vs last month to date (+$280.00): video-render on o1 +$350.00, 2 users", digest.Message.Text, StringComparison.Ordinal);
        // The week Nov 30 – Dec 6 crosses the month: $5 from November and 6 × 60 + 20 from December.
        Assert.Equal(385m, digest.Fields["weekSpent"]);
        Assert.Equal(2, digest.Message.Blocks.OfType<DetailsBlock>().Count());
    }

    [Fact]
    public void WeeklyDigest_FirstMonth_MoversSayNew()
    {
        var digest = WeeklyDigest.Build(Input(Team("marketing", 1000m, 200m, [Spend(40m, new DateOnly(2026, 12, 3))], [])));

        Assert.Contains("Marketing new this month ($40.00): campaign-copy on gpt-4o +$40.00, 1 user", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains(digest.Message.Blocks.OfType<FactsBlock>().First().Facts, f => f.Value == "no spend in November to compare with");
    }

    [Fact]
    public void WeeklyDigest_FiveHundredTeams_NamesTenInTheChartAndTwentyFiveInTheTable()
    {
        var teams = Enumerable.Range(0, 500).Select(i => Team($"team{i:000}", 1000m, 100m, [Spend(i, new DateOnly(2026, 12, 2))], [])).ToArray();

        var digest = WeeklyDigest.Build(Input(teams));

        var chart = digest.Message.Blocks.OfType<ChartBlock>().Single();
        Assert.Equal(WeeklyDigest.ChartTeams + 1, chart.Series[0].Points.Count);
        Assert.Equal("490 other teams", chart.Series[0].Points[^1].Label);
        Assert.Equal(teams.Sum(t => t.Spent), chart.Series[0].Points.Sum(p => p.Value));
        var table = digest.Message.Blocks.OfType<DetailsBlock>().First().Blocks.OfType<TableBlock>().Single();
        Assert.Equal(WeeklyDigest.TableTeams, table.Rows.Count);
    }

    [Fact]
    public void MonthlyReview_NamesDriversAndTheSavingWithButtons()
    {
        var prices = new PriceCatalog(
        [
            new ModelPrice("o1", "openai", ModelTier.Reasoning, 15m, 60m, null, new DateOnly(2024, 1, 1)),
            new ModelPrice("gpt-4o", "openai", ModelTier.Standard, 2.5m, 10m, null, new DateOnly(2024, 1, 1)),
        ]);
        var o1 = prices.Find("o1", new DateOnly(2026, 11, 30))!;
        var cost = PriceCatalog.Cost(o1, new TokenCounts(1_000_000, 100_000, 0)); // 15 + 6 = 21
        var november = Of([Spend(cost, new DateOnly(2026, 11, 10), user: "carol", workflow: "contract-review", model: "o1", input: 1_000_000, output: 100_000)]);
        var team = new Team("legal", "Legal", ["owner"], [], TeamChannels.None, null, []);
        var pool = TestData.Pool(teamId: "legal", amount: 100m);

        var review = MonthlyReview.Build(new MonthlyReviewInput(
            team, Zurich.Month(2026, 11), Zurich.Month(2026, 10), [new PoolReading(team, pool, 100m, 110m, november.Total, 0m, november.Total)],
            november, Of([]), prices, AnalyticsSettings.Default, "USD"));

        Assert.Equal("Legal, November 2026 review: $21.00 of $100.00 (21 %)", review.Message.Title);
        Assert.Equal(MonthlyReview.Kind, review.Kind);
        // gpt-4o for the same tokens: 2.5 + 1 = 3.5, so 21 − 3.5 = 17.50 a month.
        Assert.Contains("contract-review: o1 → gpt-4o saves about **$17.50 a month**", string.Join("\n", review.Message.Blocks.OfType<TextBlock>().Select(b => b.Text)), StringComparison.Ordinal);
        Assert.Contains(review.Message.Blocks.OfType<ChartBlock>(), b => b.Kind == ChartKind.Gauge);
        Assert.Equal([ActionVerbs.ViewUsage, ActionVerbs.RequestIncrease, ActionVerbs.PauseWorkflow], review.Message.Actions.Select(a => a.Verb));
        Assert.Equal("legal:contract-review", review.Message.Actions[2].SubjectId);
        Assert.Contains("carol", review.Message.Blocks.OfType<TableBlock>().Last().Rows[0][0], StringComparison.Ordinal); // 1,000,000 input per call
    }

    [Theory]
    [InlineData(2026, 12, 7, "2026-W50")]
    [InlineData(2026, 12, 6, "2026-W49")]
    [InlineData(2027, 1, 1, "2026-W53")]
    [InlineData(2024, 12, 30, "2025-W01")]
    public void DigestSlots_Week_IsTheIsoWeek(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, DigestSlots.Week(new DateOnly(year, month, day)));
        Assert.Equal(expected, DigestSlots.Week(DigestSlots.WeekStart(expected)!.Value));
    }

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2026-W00")]
    [InlineData("2026W49")]
    [InlineData("2026-13")]
    public void DigestSlots_Malformed_IsNull(string key) =>
        Assert.True(DigestSlots.WeekStart(key) is null && DigestSlots.MonthStart(key) is null);

    [Fact]
    public void WeeklyDigest_ReturnLine_SumsValueAsMoney_AndListsUnprovenTeamsBySpend()
    {
        var marketing = Team("marketing", 1000m, 100m, [Spend(10m, new DateOnly(2026, 12, 2))], []);
        var support = Team("support", 500m, 100m, [Spend(10m, new DateOnly(2026, 12, 2))], []);
        var legal = Team("legal", 500m, 100m, [Spend(10m, new DateOnly(2026, 12, 2))], []);
        // Hours valued at each team's own rate: 10 h × $80 + $200 recorded = $1,000 on $300; 4 h × $50 = $200 on $100.
        RoiReport Report(string team, RoiFigures figures, RoiClassification classification) =>
            new(team, "2026-11", figures, classification, "", [], figures, "2026-09", null, classification != RoiClassification.Unproven);
        var returns = new[]
        {
            Report("marketing", new RoiFigures(300m, 200m, 10m, 80m), RoiClassification.Healthy),
            Report("support", new RoiFigures(100m, 0m, 4m, 50m), RoiClassification.BelowTarget),
            Report("legal", new RoiFigures(25.5m, 0m, 0m, 80m), RoiClassification.Unproven),
            Report("ops", new RoiFigures(60m, 0m, 0m, 80m), RoiClassification.Unproven),
            Report("idle", RoiFigures.None(80m), RoiClassification.NoSpend),
        };

        var digest = WeeklyDigest.Build(Input(marketing, support, legal) with { Returns = returns });

        // $1,200 of value on $485.50: 2.47, shown truncated to 2.4×; unproven 25.50 + 60.
        var facts = digest.Message.Blocks.OfType<FactsBlock>().First().Facts;
        Assert.Contains(new Fact("Return, November 2026", "$1,200 of value on $485.50 spent (2.4×) · 2 teams unproven ($85.50)"), facts);
        var details = digest.Message.Blocks.OfType<DetailsBlock>().Single(d => d.Title == "Spend with no outcome");
        var list = Assert.IsType<TextBlock>(Assert.Single(details.Blocks)).Text;
        // Largest unproven spend first; a team the digest does not list is named by its id.
        Assert.True(list.IndexOf("• ops: $60 spent", StringComparison.Ordinal) < list.IndexOf("• Legal: $25.50 spent", StringComparison.Ordinal), list);
        Assert.Contains("Return, November 2026: $1,200 of value", digest.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WeeklyDigest_WithoutReturns_HasNoReturnLine()
    {
        var digest = WeeklyDigest.Build(Input(Team("marketing", 1000m, 100m, [Spend(10m, new DateOnly(2026, 12, 2))], [])));

        Assert.DoesNotContain(digest.Message.Blocks.OfType<FactsBlock>().First().Facts, f => f.Label.StartsWith("Return", StringComparison.Ordinal));
        Assert.DoesNotContain(digest.Message.Blocks.OfType<DetailsBlock>(), d => d.Title == "Spend with no outcome");
    }
}
