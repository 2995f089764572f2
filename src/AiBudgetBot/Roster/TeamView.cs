using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Roster;

namespace AiBudgetBot.Roster;

/// <summary>
/// <c>GET /api/v1/teams/{teamId}</c>: the team as stored, with everyone who belongs to it and where
/// each comes from (<c>policy</c>, <c>admin</c>, <c>channel</c>).
/// </summary>
/// <param name="Members">Everyone by any source, owners included.</param>
/// <param name="NamedMembers">The members the policy file or admin API names (what PUT sets).</param>
/// <param name="ChannelMembers">The members the last roster sync found in the linked channels.</param>
public sealed record TeamView(
    string Id,
    string Name,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> Members,
    string MembersFrom,
    IReadOnlyDictionary<string, IReadOnlyList<string>> MemberSources,
    IReadOnlyList<string> NamedMembers,
    IReadOnlyList<string> ChannelMembers,
    TeamChannels Channels,
    OnboardingAcceptance? Onboarding,
    IReadOnlyList<string> PausedWorkflows)
{
    public static TeamView Of(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return new TeamView(
            team.Id,
            team.Name,
            team.Owners,
            team.AllMembers,
            team.MembersFrom.ToString().ToLowerInvariant(),
            Core.Roster.MemberSources.Of(team),
            team.Members,
            team.MembersFrom == Core.Budgets.MembersFrom.Channel ? team.ChannelMembers : [],
            team.Channels,
            team.Onboarding,
            team.PausedWorkflows);
    }
}
