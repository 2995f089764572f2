using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Outbox;
using Azure;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// Queues outcome cards (kind <c>outcome</c>: a record to confirm, a monthly nudge) in the team's
/// non-ledger outbox partition, which the dispatcher already sweeps. The row key is derived from
/// the subject and the occasion, so a retry queues each card once.
/// </summary>
public sealed class OutcomeNotifier(Tables tables, OutboxSignal signal, TimeProvider time)
{
    public const string Kind = "outcome";

    public async Task SendAsync(string teamId, string subjectId, string occasion, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var partition = OutboxPartitions.Requests(teamId);
        var fields = new Dictionary<string, object?> { ["subject"] = subjectId, ["occasion"] = occasion };
        var notification = new OutboundNotification($"{Kind}-{subjectId}-{occasion}", Kind, teamId, null, null, message, fields);
        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        try
        {
            await table.AddEntityAsync(OutboxRows.ToEntity(partition, notification, time.GetUtcNow()), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already queued by an earlier try.
        }

        signal.Notify(partition);
    }
}
