using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Roster;

/// <summary>Where each member of a team comes from: the policy file, the admin API, the channel's roster (one person can have several).</summary>
public static class MemberSources
{
    public const string Policy = "policy";
    public const string Admin = "admin";
    public const string Channel = "channel";

    /// <summary>Every member (owners included) with their sources, in member order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        var named = team.MembersNamedBy ?? Admin;
        var sources = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in team.Owners.Concat(team.Members))
        {
            Add(id, named);
        }

        if (team.MembersFrom == MembersFrom.Channel)
        {
            foreach (var id in team.ChannelMembers)
            {
                Add(id, Channel);
            }
        }

        return sources.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value, StringComparer.OrdinalIgnoreCase);

        void Add(string id, string source)
        {
            if (!sources.TryGetValue(id, out var list))
            {
                sources[id] = list = [];
            }

            if (!list.Contains(source, StringComparer.Ordinal))
            {
                list.Add(source);
            }
        }
    }
}
