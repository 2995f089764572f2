using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Tests.Charts;

/// <summary>One chart of each kind, shaped like the digest's, for the renderers' tests.</summary>
public static class SampleCharts
{
    public static ChartBlock SpendPerTeam => new(ChartKind.VerticalBar, "Spend per team, December", [Series("Spent", ("Marketing", 4210.55m), ("Support", 3150m), ("Platform", 1820.10m), ("Sandbox", 275.5m))])
    {
        XAxisTitle = "Team",
        YAxisTitle = "USD",
        Currency = "USD",
    };

    public static ChartBlock SpendVsBudget => new(ChartKind.GroupedVerticalBar, "Spend vs budget by team, December",
    [
        Series("Spent", ("Marketing", 4210.55m), ("Support", 3150m), ("Platform", 1820.10m), ("Sandbox", 275.5m)),
        Series("Budget", ("Marketing", 5000m), ("Support", 3000m), ("Platform", 4000m), ("Sandbox", 500m)),
    ])
    {
        XAxisTitle = "Team",
        YAxisTitle = "USD",
        Currency = "USD",
    };

    public static ChartBlock TopWorkflows => new(ChartKind.HorizontalBar, "Top workflows by spend", [Series("Spent", ("video-render", 2210.55m), ("campaign-copy", 1150m), ("ticket-triage", 820.10m), ("summaries", 175.5m))])
    {
        XAxisTitle = "Workflow",
        YAxisTitle = "Spend",
        Currency = "USD",
    };

    public static ChartBlock SpendByModel => new(ChartKind.Donut, "Spend by model", [Series("Spent", ("gpt-4o", 2210.55m), ("o1", 1150m), ("claude-sonnet", 820.10m), ("gpt-4o-mini", 175.5m))])
    {
        Currency = "USD",
    };

    public static ChartBlock BudgetUsed => new(ChartKind.Gauge, "Marketing baseline, December", [Series("Spent", ("Spent", 7200m))])
    {
        Max = 10000m,
        Currency = "USD",
    };

    public static ChartBlock DailySpend => new(ChartKind.Line, "Daily spend, December",
    [
        new ChartSeries("Marketing", [.. Enumerable.Range(1, 20).Select(d => new ChartPoint($"Dec {d}", 100m + (d * 13.5m)))]),
        new ChartSeries("Support", [.. Enumerable.Range(1, 20).Select(d => new ChartPoint($"Dec {d}", 80m + (d % 5 * 20m)))]),
    ])
    {
        XAxisTitle = "Day",
        YAxisTitle = "USD",
        Currency = "USD",
    };

    public static TheoryData<string> Names => [.. All.Keys];

    public static IReadOnlyDictionary<string, ChartBlock> All => new Dictionary<string, ChartBlock>
    {
        ["vertical-bar"] = SpendPerTeam,
        ["grouped-vertical-bar"] = SpendVsBudget,
        ["horizontal-bar"] = TopWorkflows,
        ["donut"] = SpendByModel,
        ["gauge"] = BudgetUsed,
        ["line"] = DailySpend,
    };

    public static ChartSeries Series(string legend, params (string Label, decimal Value)[] points) =>
        new(legend, [.. points.Select(p => new ChartPoint(p.Label, p.Value))]);
}
