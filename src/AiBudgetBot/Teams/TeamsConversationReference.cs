namespace AiBudgetBot.Teams;

/// <summary>
/// Everything needed to post into a Teams conversation later without being asked: recorded when
/// the bot is installed (PROTOCOLS.md, Activities). The lead binds one to a budget team's
/// <c>Channels.Teams</c>.
/// </summary>
/// <param name="ConversationType">personal, groupChat or channel.</param>
/// <param name="TeamId">The team (19:…@thread.tacv2) when installed in a team.</param>
/// <param name="ChannelId">The channel the bot was added to (the General channel unless one was picked).</param>
/// <param name="InstalledBy">aadObjectId of whoever installed it, when Teams says.</param>
public sealed record TeamsConversationReference(
    string ServiceUrl,
    string ConversationId,
    string? TenantId,
    string? ConversationType,
    string? TeamId,
    string? TeamName,
    string? ChannelId,
    string? InstalledBy,
    DateTimeOffset InstalledAt);
