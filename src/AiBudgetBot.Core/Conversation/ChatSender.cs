namespace AiBudgetBot.Core.Conversation;

/// <summary>Who wrote to the bot and from where, as the channel adapter saw it (before directory lookup).</summary>
/// <param name="Platform">"msteams" or "slack".</param>
/// <param name="PlatformUserId">Teams aadObjectId or Slack user id: the key into the people directory.</param>
/// <param name="ConversationId">Where the message came from (Teams conversation id, Slack channel id).</param>
/// <param name="IsPersonal">A 1:1 chat (Teams personal, Slack DM) rather than a channel.</param>
public sealed record ChatSender(string Platform, string PlatformUserId, string? DisplayName, string ConversationId, bool IsPersonal)
{
    /// <summary>The Teams tenant or Slack workspace the message came from, when the platform said.</summary>
    public string? Tenant { get; init; }

    /// <summary>The platform's own account id when it differs from <see cref="PlatformUserId"/> (Teams "29:…").</summary>
    public string? AccountId { get; init; }

    /// <summary>Where the platform takes calls about this conversation (Teams serviceUrl).</summary>
    public string? ServiceUrl { get; init; }
}
