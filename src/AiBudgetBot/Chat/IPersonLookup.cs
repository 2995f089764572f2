using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Chat;

/// <summary>
/// Asks a chat platform who a sender is (Teams: the Bot Connector's member lookup; Slack:
/// users.info). Implemented by the protocol folders, so chat itself knows no protocol.
/// </summary>
public interface IPersonLookup
{
    /// <summary>The <see cref="ChatSender.Platform"/> this lookup answers for.</summary>
    string Platform { get; }

    /// <summary>Only the organization's own tenant or workspace is looked up; anyone else is <see cref="LookupStatus.NotInOrganization"/>.</summary>
    Task<PlatformProfile> LookUpAsync(ChatSender sender, CancellationToken cancellationToken);
}

/// <summary>What the platform said about a sender.</summary>
/// <param name="PlatformUserId">The id the directory keeps for this platform (Teams aadObjectId, Slack user id).</param>
public sealed record PlatformProfile(LookupStatus Status, string? Email = null, string? PlatformUserId = null, string? Detail = null)
{
    public static PlatformProfile Failed(string detail) => new(LookupStatus.Failed, Detail: detail);

    public static PlatformProfile Stranger(string detail) => new(LookupStatus.NotInOrganization, Detail: detail);
}

public enum LookupStatus
{
    /// <summary>The platform gave an email for a user of the organization's tenant or workspace.</summary>
    Found,

    /// <summary>Another tenant or workspace, a bot, a guest or an account without email: never matched.</summary>
    NotInOrganization,

    /// <summary>The platform could not be asked (outage, throttling, token trouble): not a "no", ask again.</summary>
    Failed,
}
