namespace AiBudgetBot.Core.Connectors;

/// <summary>
/// What a provider's bucket line adds to the books when it is read (again): the first reading
/// books the amount; a revised amount books only the difference, as a correction; an unchanged
/// one books nothing. Amounts are micro-units, as stored.
/// </summary>
public static class BucketRevision
{
    /// <param name="bookedMicros">What the books already hold for the line; null when never booked.</param>
    /// <param name="reportedMicros">What the provider reports for it now.</param>
    public static BucketBooking Decide(string lineId, long? bookedMicros, long reportedMicros)
    {
        if (bookedMicros is null)
        {
            return new BucketBooking(lineId, reportedMicros, IsCorrection: false);
        }

        if (bookedMicros.Value == reportedMicros)
        {
            return BucketBooking.Nothing;
        }

        return new BucketBooking(ProviderUsageIds.Correction(lineId, reportedMicros), reportedMicros - bookedMicros.Value, IsCorrection: true);
    }
}

/// <summary>A usage event to book for a bucket line (id and cost in micro-units), or nothing.</summary>
public sealed record BucketBooking(string? UsageId, long CostMicros, bool IsCorrection)
{
    public static readonly BucketBooking Nothing = new(null, 0, false);

    public bool IsNothing => UsageId is null;
}
