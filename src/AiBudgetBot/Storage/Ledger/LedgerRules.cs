using AiBudgetBot.Core.Alerts;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// The rules that ride on every ledger write: lapse expired holds and dead leases, raise reviews, announce
/// thresholds and a projected run-out. They run on the state the transaction is about to
/// write, and their markers (highest threshold announced, forecast announced, users flagged
/// today) are part of that same ledger row, so under the row's ETag each alert is raised
/// exactly once per period however many instances write and however often they retry.
/// </summary>
internal static class LedgerRules
{
    public static List<OutboundNotification> Apply(PartitionContext context, LedgerState state, IEnumerable<LedgerOperation> batch)
    {
        var notifications = new List<OutboundNotification>();
        state.ExpireReservations(context.Now);
        // A holder that stopped renewing is written off by whichever write comes next (I3).
        Core.Leases.LeaseRules.WriteOffExpired(state.Leases, context.Now, context.LeasePolicy);
        var alert = context.Alert(state);

        foreach (var counted in batch.OfType<CountEventOperation>().Select(o => o.Counted))
        {
            var cost = counted.Cost.Amount;
            if (context.ReviewSingleCallAbove > 0m && cost > context.ReviewSingleCallAbove)
            {
                notifications.Add(AlertMessages.LargeCall(alert, counted.Event, cost, context.ReviewSingleCallAbove));
            }

            if (context.ReviewUserDayAbove > 0m && counted.Event.User is { } user
                && state.CountUserDay(user, context.Calendar.LocalDate(counted.Event.Timestamp), cost) is { } today
                && today > context.ReviewUserDayAbove
                && state.FlaggedToday.Add(user))
            {
                notifications.Add(AlertMessages.HeavyDay(alert, user, state.ReviewDay!.Value, today, context.ReviewUserDayAbove));
            }
        }

        // Several thresholds crossed at once (a big batch) announce the highest only.
        var percent = state.PercentUsed(context.Pool);
        var crossed = context.Pool.Thresholds.Where(t => t > state.HighestThresholdAlerted && percent >= t).DefaultIfEmpty().Max();
        if (crossed > 0m)
        {
            state.HighestThresholdAlerted = crossed;
            notifications.Add(AlertMessages.Threshold(alert, crossed));
        }

        if (!state.ForecastAlerted && state.Spent < context.Limits.Hard && alert.RunsOutAt is { } runsOut)
        {
            state.ForecastAlerted = true;
            notifications.Add(AlertMessages.RunsOut(alert, runsOut));
        }

        return notifications;
    }
}
