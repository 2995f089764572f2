using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Roster;
using AiBudgetBot.Roster;

namespace AiBudgetBot.Slack;

/// <summary>
/// A linked Slack channel's roster: <c>conversations.members</c> (every page; scopes channels:read,
/// groups:read), then <c>users.info</c> for each id the directory does not know yet (users:read.email).
/// Only people of the bot's own workspace count: Slack Connect guests, bots and deactivated accounts never do.
/// </summary>
public sealed class SlackChannelRoster(SlackApiClient slack) : IChannelRoster
{
    public RosterPlatform Platform => RosterPlatform.Slack;

    public bool IsLinked(Team team) => team?.Channels.Slack is not null;

    public async Task<RosterRead> ReadAsync(Team team, BudgetDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var channel = team.Channels.Slack ?? throw new ArgumentException($"Team {team.Id} has no Slack channel.", nameof(team));
        try
        {
            var workspace = await slack.WorkspaceAsync(cancellationToken);
            var ids = await slack.ConversationMembersAsync(channel.ChannelId, cancellationToken);
            var entries = new List<RosterEntry>();
            var outside = 0;
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (RosterPlanner.FindByPlatformId(directory, RosterPlatform.Slack, id) is not null)
                {
                    // Already someone's: no lookup, the id is the match.
                    entries.Add(new RosterEntry(RosterPlatform.Slack, id, null));
                    continue;
                }

                SlackUser user;
                try
                {
                    user = await slack.UsersInfoAsync(id, cancellationToken);
                }
                catch (SlackApiException e) when (e.Error is "user_not_found" or "user_not_visible")
                {
                    outside++;
                    continue;
                }

                var profile = SlackPersonLookup.Profile(user, workspace);
                if (profile.Status == LookupStatus.Found)
                {
                    entries.Add(new RosterEntry(RosterPlatform.Slack, profile.PlatformUserId!, profile.Email));
                }
                else
                {
                    outside++;
                }
            }

            return new RosterRead(entries, outside);
        }
        catch (SlackApiException e)
        {
            return RosterRead.Failed($"Slack {e.Method}: {e.Error}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return RosterRead.Failed($"Slack: {e.Message}");
        }
    }
}
