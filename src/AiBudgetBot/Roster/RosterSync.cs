using AiBudgetBot.Admin;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Roster;
using AiBudgetBot.Storage.Directory;

namespace AiBudgetBot.Roster;

/// <summary>
/// Takes a team's members from its linked channels: reads every linked platform's roster first
/// (one failure and nothing changes), remembers the platform ids it learned on the people (like
/// first contact: audited, under the row's ETag), then replaces the team's channel members under
/// the team row's ETag, so two instances syncing at once write once. Named members and owners are
/// never touched: only the channel's part of the membership changes.
/// </summary>
public sealed class RosterSync(IServiceProvider services, DirectoryStore directory, PersonLinks links, AuditLog audit, ILogger<RosterSync> logger)
{
    /// <summary>The actor of scheduled syncs and of the links any sync learns.</summary>
    public const string Actor = "roster-sync";

    public async Task<RosterSyncOutcome> SyncAsync(string teamId, string actor, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(d => d.FindTeam(teamId) is not null, cancellationToken);
        if (snapshot.FindTeam(teamId) is not { } team)
        {
            return RosterSyncOutcome.Missing($"Team '{teamId}' does not exist.");
        }

        if (team.MembersFrom != MembersFrom.Channel)
        {
            return RosterSyncOutcome.Refuse($"{team.Name} takes its members from its list only. Set \"membersFrom\": \"channel\" on the team (PUT /api/v1/teams/{team.Id} or the policy file) to take them from its linked channel.");
        }

        // Resolved per sync: the protocol clients are short-lived typed HTTP clients.
        var rosters = services.GetServices<IChannelRoster>().Where(r => r.IsLinked(team)).ToList();
        if (rosters.Count == 0)
        {
            return RosterSyncOutcome.Refuse($"{team.Name} has no linked Teams or Slack channel. Say \"link {team.Id}\" in the channel, or give channels in PUT /api/v1/teams/{team.Id}, then sync.");
        }

        var entries = new List<RosterEntry>();
        var outside = 0;
        foreach (var roster in rosters)
        {
            var read = await roster.ReadAsync(team, snapshot, cancellationToken);
            if (read.Failure is { } failure)
            {
                logger.LogWarning("Roster of {Team} on {Platform} not read, nothing changed: {Failure}", team.Id, roster.Platform, failure);
                return read.Refused
                    ? RosterSyncOutcome.Refuse($"{team.Name}'s {roster.Platform} channel is not synced: {failure}. Nothing was changed.")
                    : RosterSyncOutcome.PlatformFailed($"{roster.Platform} did not answer for {team.Name}'s channel ({failure}). Nothing was changed; the next sync tries again.");
            }

            entries.AddRange(read.Entries);
            outside += read.Outside;
        }

        // Someone loaded by email on another instance moments ago is matched, not called unknown.
        snapshot = await directory.CurrentAsync(d => entries.All(e => e.Email is null || RosterPlanner.FindByEmail(d, e.Email) is not null), cancellationToken);
        var plan = RosterPlanner.Plan(snapshot.FindTeam(team.Id) ?? team, snapshot, entries);

        var linked = 0;
        foreach (var link in plan.Links)
        {
            var platform = link.Platform == RosterPlatform.Teams ? ChatChannels.TeamsPlatform : ChatChannels.SlackPlatform;
            if (await links.LinkAsync(link.PersonId, platform, link.PlatformUserId, Actor, cancellationToken) is not null)
            {
                linked++;
            }
        }

        var (before, after) = await directory.UpdateTeamAsync(team.Id, plan.ApplyTo, cancellationToken);
        if (before is null)
        {
            return RosterSyncOutcome.Missing($"Team '{teamId}' no longer exists.");
        }

        if (!ReferenceEquals(before, after))
        {
            await audit.RecordAsync(before.Id, actor, "team.members.sync", before.ChannelMembers, after!.ChannelMembers, cancellationToken);
        }

        var change = MembershipChange.Between(before, after);
        return RosterSyncOutcome.Synced(new RosterSyncReport(
            before.Id,
            [.. rosters.Select(r => r.Platform.ToString().ToLowerInvariant())],
            change.Added,
            change.Removed,
            new UnmatchedMembers(plan.UnmatchedCount, plan.UnmatchedEmails),
            outside,
            linked,
            after!.ChannelMembers));
    }
}

/// <summary>What a sync changed: who joined and left the team (by any source), who matched nobody, and the channel's members now.</summary>
/// <param name="Outside">Channel members outside the organization (guests, bots, other tenants or workspaces): never added.</param>
/// <param name="Linked">People whose platform id the sync learned (or found already learned) by email.</param>
public sealed record RosterSyncReport(
    string Team,
    IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    UnmatchedMembers Unmatched,
    int Outside,
    int Linked,
    IReadOnlyList<string> ChannelMembers);

/// <summary>Channel members of the organization whose email is no person's: load them with PUT /api/v1/people to add them.</summary>
public sealed record UnmatchedMembers(int Count, IReadOnlyList<string> Emails);

public enum RosterSyncStatus
{
    Synced,
    NotFound,

    /// <summary>The team is not set up for it (membersFrom, no channel, another tenant): fix the team, retrying will not help.</summary>
    Refused,

    /// <summary>A platform did not answer: nothing changed, retry later.</summary>
    PlatformFailed,
}

public sealed record RosterSyncOutcome(RosterSyncStatus Status, RosterSyncReport? Report, string? Detail)
{
    public static RosterSyncOutcome Synced(RosterSyncReport report) => new(RosterSyncStatus.Synced, report, null);

    public static RosterSyncOutcome Missing(string detail) => new(RosterSyncStatus.NotFound, null, detail);

    public static RosterSyncOutcome Refuse(string detail) => new(RosterSyncStatus.Refused, null, detail);

    public static RosterSyncOutcome PlatformFailed(string detail) => new(RosterSyncStatus.PlatformFailed, null, detail);
}
