namespace AiBudgetBot.Core.Conversation;

/// <summary>
/// A notification on its way out: the message plus where it goes. The outbox stores these;
/// each channel's sender delivers its part and reports whether the channel accepted it.
/// </summary>
/// <param name="Kind">threshold, forecast, review, request, decision, digest… (CONTRACT.md, Webhooks).</param>
/// <param name="Fields">The kind's machine-readable fields for the webhook ("threshold": 75, …).</param>
public sealed record OutboundNotification(
    string Id,
    string Kind,
    string TeamId,
    string? PoolId,
    string? Period,
    OutgoingMessage Message,
    IReadOnlyDictionary<string, object?> Fields);
