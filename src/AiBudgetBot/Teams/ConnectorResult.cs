using System.Text.Json;

namespace AiBudgetBot.Teams;

/// <summary>What the Bot Connector did with a call, in the terms the callers decide on.</summary>
public sealed record ConnectorResult(ConnectorStatus Status, string? Id = null, string? ActivityId = null, TimeSpan? RetryAfter = null, string? Detail = null, JsonElement? Body = null)
{
    public bool IsSuccess => Status == ConnectorStatus.Ok;
}

public enum ConnectorStatus
{
    Ok,

    /// <summary>403 MessageWritesBlocked: the user or team blocked the bot; retrying will not help.</summary>
    Blocked,

    /// <summary>429, 5xx, network or token trouble that outlived the retries: try again later.</summary>
    Transient,

    /// <summary>A GET for something that is not there (a user who is not a member of the conversation).</summary>
    NotFound,

    /// <summary>Any other refusal (bad request, conversation gone, serviceUrl not allowed).</summary>
    Failed,
}
