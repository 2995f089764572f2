namespace AiBudgetBot.Core.Analytics;

/// <summary>Spend next to value for a team or a workflow over some months.</summary>
/// <param name="RecordedValue">The sum of <c>value</c> outcomes: money measured elsewhere.</param>
/// <param name="HoursSaved">The sum of <c>hours-saved</c> outcomes, valued at <paramref name="HourlyRate"/>.</param>
public sealed record RoiFigures(decimal Spend, decimal RecordedValue, decimal HoursSaved, decimal HourlyRate)
{
    public static RoiFigures None(decimal hourlyRate) => new(0m, 0m, 0m, hourlyRate);

    /// <summary>Recorded value plus hours saved × hourly rate.</summary>
    public decimal Value => RecordedValue + (HoursSaved * HourlyRate);

    /// <summary>
    /// Value ÷ spend, truncated to two decimals (4.999 is 4.99, never shown or treated as 5); null
    /// when there is no spend: value without spend is not an infinite return, it is no return to measure.
    /// </summary>
    public decimal? Roi => Spend > 0m ? decimal.Truncate(Value / Spend * 100m) / 100m : null;

    public RoiFigures Plus(RoiFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Spend + other.Spend, RecordedValue + other.RecordedValue, HoursSaved + other.HoursSaved, HourlyRate);
    }

    /// <summary>The figures of <paramref name="outcomes"/> (current revisions) against <paramref name="spend"/>.</summary>
    public static RoiFigures Of(decimal spend, IEnumerable<Outcome> outcomes, decimal hourlyRate)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var list = outcomes as IReadOnlyCollection<Outcome> ?? outcomes.ToList();
        return new(
            spend,
            list.Where(o => o.Metric == OutcomeMetrics.Value).Sum(o => o.Value),
            list.Where(o => o.Metric == OutcomeMetrics.HoursSaved).Sum(o => o.Value),
            hourlyRate);
    }
}
