using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Roster;

namespace AiBudgetBot.Roster;

/// <summary>
/// Reads the members of a team's linked channel on one platform (Teams: the Bot Connector's
/// <c>pagedmembers</c>; Slack: <c>conversations.members</c> then <c>users.info</c>). Implemented by
/// the protocol folders, so the roster rules know no protocol.
/// </summary>
public interface IChannelRoster
{
    RosterPlatform Platform { get; }

    /// <summary>Whether <paramref name="team"/> has a channel on this platform.</summary>
    bool IsLinked(Team team);

    /// <summary>
    /// Every member of the channel who belongs to the organization's own tenant or workspace, with
    /// their email; everyone else is counted in <see cref="RosterRead.Outside"/>. Never throws for a
    /// platform failure: that is a <see cref="RosterRead.Failure"/>, and the caller changes nothing.
    /// </summary>
    /// <param name="directory">The people already known: an id the directory keeps needs no lookup.</param>
    Task<RosterRead> ReadAsync(Team team, BudgetDirectory directory, CancellationToken cancellationToken);
}

/// <summary>A channel's roster, or why it could not be read.</summary>
/// <param name="Outside">Guests, bots, deactivated accounts and people of other tenants or workspaces: never matched.</param>
/// <param name="Failure">Null when read; otherwise what went wrong, for the admin.</param>
/// <param name="Refused">The channel is not the organization's (not a platform outage): retrying will not help.</param>
public sealed record RosterRead(IReadOnlyList<RosterEntry> Entries, int Outside, string? Failure = null, bool Refused = false)
{
    public static RosterRead Failed(string detail) => new([], 0, detail);

    public static RosterRead NotOrganization(string detail) => new([], 0, detail, Refused: true);
}
