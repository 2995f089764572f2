namespace AiBudgetBot.Core.Analytics;

/// <summary>One month of a team: its spend by workflow (from the ledger) and its current outcomes.</summary>
/// <param name="Month">"yyyy-MM".</param>
/// <param name="SpendByWorkflow">Settled spend per workflow; spend with no workflow under <c>(none)</c>.</param>
/// <param name="Outcomes">The latest revision of each outcome (<see cref="OutcomeRules.Current"/>).</param>
public sealed record TeamMonth(string Month, IReadOnlyDictionary<string, decimal> SpendByWorkflow, IReadOnlyList<Outcome> Outcomes)
{
    public decimal Spend => SpendByWorkflow.Values.Sum();

    public bool HasOutcomes => Outcomes.Count > 0;

    public static TeamMonth Empty(string month) => new(month, new Dictionary<string, decimal>(), []);
}
