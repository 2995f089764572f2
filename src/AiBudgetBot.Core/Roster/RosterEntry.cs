namespace AiBudgetBot.Core.Roster;

/// <summary>The platforms whose channel rosters a team can take its members from.</summary>
public enum RosterPlatform
{
    Teams,
    Slack,
}

/// <summary>
/// One member of a linked channel as the platform lists them, already known to belong to the
/// organization's own tenant or workspace (guests, bots and other tenants never get this far).
/// </summary>
/// <param name="PlatformUserId">The id the directory keeps for the platform: the Teams aadObjectId, the Slack user id.</param>
/// <param name="Email">The work email; null when the platform was not asked because the id is already someone's.</param>
public sealed record RosterEntry(RosterPlatform Platform, string PlatformUserId, string? Email);
