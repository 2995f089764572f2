namespace AiBudgetBot.Core.Analytics;

/// <summary>The verdict on a team's month. The rules, in the order they are tried, are in <see cref="RoiVerdict"/>.</summary>
public enum RoiClassification
{
    /// <summary>No spend in the month: there is nothing to judge and ROI is undefined.</summary>
    NoSpend,

    /// <summary>Spend, and no outcome recorded in the last <c>UnprovenAfterMonths</c> months.</summary>
    Unproven,

    /// <summary>ROI at or above the target.</summary>
    Healthy,

    /// <summary>Below target, but spend and recorded value both rose since the month before.</summary>
    Investing,

    /// <summary>Outcomes recorded and ROI below 1: it cost more than it returned.</summary>
    Wasteful,

    /// <summary>ROI between 1 and the target, not rising: pays for itself, but not yet by the target.</summary>
    BelowTarget,
}

public static class RoiClassifications
{
    /// <summary>The wire and chat name: "healthy", "investing", "unproven", "wasteful", "below-target", "no-spend".</summary>
    public static string Name(this RoiClassification classification) => classification switch
    {
        RoiClassification.NoSpend => "no-spend",
        RoiClassification.Unproven => "unproven",
        RoiClassification.Healthy => "healthy",
        RoiClassification.Investing => "investing",
        RoiClassification.Wasteful => "wasteful",
        RoiClassification.BelowTarget => "below-target",
        _ => throw new ArgumentOutOfRangeException(nameof(classification), classification, null),
    };
}
