using AiBudgetBot.Core.Pricing;

namespace AiBudgetBot.Core.Spend;

/// <summary>One model call as a gateway or exporter reports it (CONTRACT.md, "A usage event").</summary>
/// <param name="Id">Idempotency key: the same id is counted once.</param>
/// <param name="Cost">What the call cost, when the sender knows; priced from the catalog when null.</param>
/// <param name="RequestId">The authorize call this event settles, when it is not the event id itself.</param>
/// <param name="Correction">A revision of spend booked earlier (a provider revised a bucket, a bill credited a
/// charge): its cost may be negative. Only the bot's own pollers and importers set it.</param>
public sealed record UsageEvent(
    string Id,
    DateTimeOffset Timestamp,
    string TeamId,
    string? User,
    string? Workflow,
    string Model,
    string? Provider,
    TokenCounts Tokens,
    decimal? Cost,
    string? Currency,
    string? PoolId,
    string? RequestId = null,
    bool Correction = false);
