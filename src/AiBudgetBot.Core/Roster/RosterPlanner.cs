using AiBudgetBot.Core.Budgets;

namespace AiBudgetBot.Core.Roster;

/// <summary>
/// Turns a channel roster into a team's channel members: each entry is matched to a person by the
/// platform id the directory already keeps, else by email (case-insensitive). Owners are never
/// channel members (they stay explicit); people matched by email whose platform id the directory
/// lacks are to be linked, like first contact in chat.
/// </summary>
public static class RosterPlanner
{
    /// <summary>Emails listed in a plan at most (the count is always whole).</summary>
    public const int MaxUnmatchedListed = 100;

    public static RosterPlan Plan(Team team, BudgetDirectory directory, IEnumerable<RosterEntry> roster)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(roster);
        var members = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var links = new Dictionary<(string, RosterPlatform), RosterLink>();
        var unmatched = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in roster)
        {
            var person = FindByPlatformId(directory, entry.Platform, entry.PlatformUserId);
            if (person is null && FindByEmail(directory, entry.Email) is { } byEmail)
            {
                person = byEmail;
                if (string.IsNullOrEmpty(PlatformId(byEmail, entry.Platform)))
                {
                    links.TryAdd((byEmail.Id.ToLowerInvariant(), entry.Platform), new RosterLink(byEmail.Id, entry.Platform, entry.PlatformUserId));
                }
            }

            if (person is null)
            {
                if (!string.IsNullOrWhiteSpace(entry.Email))
                {
                    unmatched.Add(entry.Email.Trim());
                }

                continue;
            }

            if (!team.IsOwner(person.Id))
            {
                members.Add(person.Id);
            }
        }

        return new RosterPlan([.. members], [.. links.Values], unmatched.Count, [.. unmatched.Take(MaxUnmatchedListed)]);
    }

    /// <summary>Emails are matched case-insensitively; two people with one email match nobody (an admin must fix it).</summary>
    public static Person? FindByEmail(BudgetDirectory directory, string? email)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var matches = directory.People.Where(p => string.Equals(p.Email?.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Entra object ids compare case-insensitively (GUIDs); Slack user ids exactly.</summary>
    public static Person? FindByPlatformId(BudgetDirectory directory, RosterPlatform platform, string platformUserId)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrEmpty(platformUserId))
        {
            return null;
        }

        var comparison = platform == RosterPlatform.Teams ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return directory.People.FirstOrDefault(p => string.Equals(PlatformId(p, platform), platformUserId, comparison));
    }

    public static string? PlatformId(Person person, RosterPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(person);
        return platform == RosterPlatform.Teams ? person.TeamsAadObjectId : person.SlackUserId;
    }
}

/// <summary>A platform id learned from a roster, to remember on the person.</summary>
public sealed record RosterLink(string PersonId, RosterPlatform Platform, string PlatformUserId);
