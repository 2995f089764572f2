using AiBudgetBot.Core.Spend;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>An event's row: the proof it was counted (its key), and what later analysis needs.</summary>
public static class EventRowMapper
{
    /// <param name="writeToken">Identifies the write attempt, so that after an ambiguous failure a
    /// row found in place can be told apart: ours (accepted) or an earlier send's (duplicate).</param>
    public static TableEntity ToEntity(string partition, CountedEvent counted, string writeToken)
    {
        var usage = counted.Event;
        return new TableEntity(partition, LedgerKeys.Event(usage.Id))
        {
            ["Id"] = usage.Id,
            ["Timestamp0"] = usage.Timestamp.ToUniversalTime(),
            ["User"] = usage.User,
            ["Workflow"] = usage.Workflow,
            ["Model"] = usage.Model,
            ["Provider"] = usage.Provider,
            ["Tier"] = counted.Tier?.ToString().ToLowerInvariant(),
            ["InputTokens"] = usage.Tokens.Input,
            ["OutputTokens"] = usage.Tokens.Output,
            ["CachedInputTokens"] = usage.Tokens.CachedInput,
            ["CostMicros"] = counted.Cost.ToMicros(),
            ["RequestId"] = usage.RequestId,
            ["WriteToken"] = writeToken,
        };
    }
}
