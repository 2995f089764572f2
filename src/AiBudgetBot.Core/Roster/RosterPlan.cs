using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Roster;

/// <summary>What a roster sync will make of a team: its channel members (sorted), the links to learn, and who matched nobody.</summary>
/// <param name="UnmatchedCount">Members of the channel whose email is no person's in the directory.</param>
/// <param name="UnmatchedEmails">Their emails, at most <see cref="RosterPlanner.MaxUnmatchedListed"/>.</param>
public sealed record RosterPlan(IReadOnlyList<string> ChannelMembers, IReadOnlyList<RosterLink> Links, int UnmatchedCount, IReadOnlyList<string> UnmatchedEmails)
{
    /// <summary>
    /// The team as stored now with this plan's channel members, or null to leave it: the team is gone,
    /// no longer takes members from its channel, or already has exactly these. Applied again to the
    /// row another instance wrote meanwhile, so it only ever replaces the channel's part.
    /// </summary>
    public Team? ApplyTo(Team? stored)
    {
        if (stored is null || stored.MembersFrom != MembersFrom.Channel)
        {
            return null;
        }

        // An owner named since the roster was read stays an owner, not a channel member.
        string[] members = [.. ChannelMembers.Where(m => !stored.IsOwner(m))];
        return stored.ChannelMembers.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(members, StringComparer.OrdinalIgnoreCase)
            ? null
            : stored with { ChannelMembers = members };
    }
}

/// <summary>Who joined and who left a team's membership (by any source) between two versions of it.</summary>
public sealed record MembershipChange(IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public static MembershipChange Between(Team? before, Team? after)
    {
        var was = new HashSet<string>(before?.AllMembers ?? [], StringComparer.OrdinalIgnoreCase);
        var now = new HashSet<string>(after?.AllMembers ?? [], StringComparer.OrdinalIgnoreCase);
        return new MembershipChange(
            [.. now.Where(p => !was.Contains(p)).Order(StringComparer.OrdinalIgnoreCase)],
            [.. was.Where(p => !now.Contains(p)).Order(StringComparer.OrdinalIgnoreCase)]);
    }
}
