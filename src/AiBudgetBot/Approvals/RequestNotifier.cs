using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Outbox;
using Azure;

namespace AiBudgetBot.Approvals;

/// <summary>
/// Queues request notifications (kind <c>request</c> for deciders, <c>decision</c> for the
/// requester) in the team's requests outbox partition and wakes the dispatcher. The row key is
/// derived from the request and the event, so a retried step queues each notification once.
/// </summary>
public sealed class RequestNotifier(Tables tables, OutboxSignal signal, TimeProvider time)
{
    public const string RequestKind = "request";
    public const string DecisionKind = "decision";

    public async Task SendAsync(string kind, string occasion, BudgetRequest request, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var partition = OutboxPartitions.Requests(request.TeamId);
        var fields = new Dictionary<string, object?>
        {
            ["request"] = request.Id,
            ["requestKind"] = request.Kind.ToString().ToLowerInvariant(),
            ["state"] = RequestTransitions.Describe(request.State),
            ["amount"] = request.Amount,
            ["workflow"] = request.Workflow,
            ["requester"] = request.RequesterId,
            ["occasion"] = occasion,
        };
        var notification = new OutboundNotification($"{kind}-{request.Id}-{occasion}", kind, request.TeamId, request.PoolId, null, message, fields);
        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        try
        {
            await table.AddEntityAsync(OutboxRows.ToEntity(partition, notification, time.GetUtcNow()), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already queued by an earlier try of the same step.
        }

        signal.Notify(partition);
    }
}
