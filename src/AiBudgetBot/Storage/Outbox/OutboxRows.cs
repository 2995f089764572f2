using System.Text.Json;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Storage.Ledger;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Outbox;

/// <summary>
/// An outbox row: a notification waiting for delivery, in the partition of the change that
/// caused it (so both are written in one transaction), with its delivery progress.
/// </summary>
public static class OutboxRows
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TableEntity ToEntity(string partition, OutboundNotification notification, DateTimeOffset now) =>
        new(partition, LedgerKeys.Outbox(notification.Id))
        {
            ["Notification"] = JsonSerializer.Serialize(notification, Json),
            ["CreatedAt"] = now,
            ["Attempts"] = 0,
            ["NextAttemptAt"] = now,
            ["LeaseUntil"] = DateTimeOffset.MinValue.AddYears(1700),
            ["Delivered"] = "",
        };

    public static OutboundNotification Notification(TableEntity row) =>
        JsonSerializer.Deserialize<OutboundNotification>(row.GetString("Notification"), Json)
            ?? throw new InvalidOperationException($"Outbox row {row.RowKey} holds no notification.");

    /// <summary>Channels that already accepted this notification (so a retry does not post twice).</summary>
    public static HashSet<string> Delivered(TableEntity row) =>
        [.. (row.GetString("Delivered") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
