using System.Globalization;
using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Analytics;

/// <summary>
/// What makes an outcome believable enough to count, and how corrections work: a record for the
/// same team, month, workflow and metric supersedes the earlier one (the next revision) and the
/// earlier one stays in the history; only the latest revision of each key counts.
/// </summary>
public static class OutcomeRules
{
    public const int MaxNoteLength = 500;

    public const int MaxUnitLength = 40;

    /// <summary>The problems with <paramref name="outcome"/>, each saying what to fix; empty when it can be recorded.</summary>
    /// <param name="currentMonth">"yyyy-MM" of today in the organization's zone: later months are refused.</param>
    /// <param name="headcount">The team's people (owners and members): hours saved cannot exceed the month's hours for each of them.</param>
    public static IReadOnlyList<string> Validate(Outcome outcome, string currentMonth, int headcount)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var errors = new List<string>();
        var month = ParseMonth(outcome.Month);
        if (month is null)
        {
            errors.Add($"month '{outcome.Month}' must be yyyy-MM, e.g. {currentMonth}.");
        }
        else if (string.CompareOrdinal(outcome.Month, currentMonth) > 0)
        {
            errors.Add($"month {outcome.Month} is in the future; record outcomes for {currentMonth} or an earlier month.");
        }

        if (!OutcomeMetrics.All.Contains(outcome.Metric))
        {
            errors.Add($"metric '{outcome.Metric}' must be one of {string.Join(", ", OutcomeMetrics.All)}.");
            return errors;
        }

        if (outcome.Workflow is { } workflow && !Identifier.IsValid(workflow))
        {
            errors.Add($"workflow '{workflow}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }

        if (outcome.Value < 0m && !OutcomeMetrics.AllowsNegative(outcome.Metric))
        {
            errors.Add($"{outcome.Metric} cannot be negative ({Number(outcome.Value)}); record what was saved or produced, 0 or more.");
        }

        if (outcome.Metric == OutcomeMetrics.QualityLiftPercent && outcome.Value < -100m)
        {
            errors.Add($"quality-lift-pct {Number(outcome.Value)} is below -100 %: quality cannot fall by more than all of it.");
        }

        if (outcome.Metric == OutcomeMetrics.HoursSaved && month is { } m)
        {
            var people = Math.Max(1, headcount);
            var limit = HoursIn(m) * people;
            if (outcome.Value > limit)
            {
                errors.Add($"hours-saved {Number(outcome.Value)} is more than the {Number(HoursIn(m))} hours in {outcome.Month} for each of the team's {people} {(people == 1 ? "person" : "people")} ({Number(limit)}); record the hours saved in that month, not a running total.");
            }
        }

        if (outcome.Baseline is { } baseline)
        {
            if (outcome.Metric is not (OutcomeMetrics.CycleTimeHours or OutcomeMetrics.Throughput))
            {
                errors.Add($"a baseline (before) applies to {OutcomeMetrics.CycleTimeHours} and {OutcomeMetrics.Throughput} only, not {outcome.Metric}.");
            }
            else if (baseline < 0m)
            {
                errors.Add($"the baseline of {outcome.Metric} cannot be negative ({Number(baseline)}).");
            }
        }

        if (outcome.Unit is { } unit && outcome.Metric != OutcomeMetrics.Throughput)
        {
            errors.Add($"a unit applies to {OutcomeMetrics.Throughput} only (e.g. \"tickets\"); leave it out for {outcome.Metric}.");
        }
        else if (outcome.Unit is { Length: > MaxUnitLength })
        {
            errors.Add($"unit must be at most {MaxUnitLength} characters.");
        }

        if (outcome.Note is { Length: > MaxNoteLength })
        {
            errors.Add($"note must be at most {MaxNoteLength} characters.");
        }

        return errors;
    }

    /// <summary>The latest revision of each key: what the team's figures are now.</summary>
    public static IReadOnlyList<Outcome> Current(IEnumerable<Outcome> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .GroupBy(o => (Team: o.TeamId.ToLowerInvariant(), o.Key))
            .Select(g => g.OrderByDescending(o => o.Revision).ThenByDescending(o => o.RecordedAt).First())
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The record <paramref name="next"/> becomes when it corrects <paramref name="previous"/> (null: the first of its key).</summary>
    public static Outcome Supersede(Outcome? previous, Outcome next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next with { Revision = (previous?.Revision ?? 0) + 1 };
    }

    /// <summary>Hours in a calendar month (days × 24; the hour a DST change adds or removes does not matter at this scale).</summary>
    public static decimal HoursIn(DateOnly firstDay) => DateTime.DaysInMonth(firstDay.Year, firstDay.Month) * 24m;

    /// <summary>The first day of a "yyyy-MM" month, or null.</summary>
    public static DateOnly? ParseMonth(string? month) =>
        month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first
            : null;

    private static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);
}
