using System.Text.Json;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Roster;
using AiBudgetBot.Roster;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Teams;

/// <summary>
/// A linked Teams channel's roster: the Bot Connector's <c>GET v3/conversations/{teamId}/pagedmembers</c>,
/// page after page. Only a channel of the organization's tenant is read, and only members of that
/// tenant with an email and an object id count.
/// </summary>
public sealed class TeamsChannelRoster(ConnectorClient connector, ITeamsConversationStore conversations, IOptions<TeamsOptions> options) : IChannelRoster
{
    /// <summary>Pages read at most (500 members each): a bound, not a team size anyone has.</summary>
    public const int MaxPages = 40;

    public RosterPlatform Platform => RosterPlatform.Teams;

    public bool IsLinked(Team team) => team?.Channels.Teams is not null;

    public async Task<RosterRead> ReadAsync(Team team, BudgetDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(team);
        var channel = team.Channels.Teams ?? throw new ArgumentException($"Team {team.Id} has no Teams channel.", nameof(team));
        var tenant = channel.TenantId ?? options.Value.TenantId;
        var lookup = new TeamsPersonLookup(connector, conversations, options);
        if (string.IsNullOrWhiteSpace(tenant))
        {
            return RosterRead.NotOrganization("the Teams channel names no tenant and Teams:TenantId is not set, so its members cannot be told from guests");
        }

        if (!await lookup.IsOrganizationTenantAsync(tenant, cancellationToken))
        {
            return RosterRead.NotOrganization($"the Teams channel's tenant '{tenant}' is not the organization's (Teams:TenantId, or a tenant the app was installed in)");
        }

        // The roster is the team's; the install record names the team, and a channel's own id answers for it too.
        var install = await conversations.FindAsync(channel.ConversationId, cancellationToken);
        var rosterId = install?.TeamId is { Length: > 0 } teamId ? teamId : channel.ConversationId;

        var entries = new List<RosterEntry>();
        var outside = 0;
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await connector.GetPagedMembersAsync(channel.ServiceUrl, rosterId, token, cancellationToken);
            if (result.Status != ConnectorStatus.Ok || result.Body is not { ValueKind: JsonValueKind.Object } body)
            {
                return RosterRead.Failed($"Teams pagedmembers: {result.Detail ?? result.Status.ToString()}");
            }

            if (body.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
            {
                foreach (var member in members.EnumerateArray())
                {
                    var profile = TeamsPersonLookup.Profile(member, tenant);
                    if (profile.Status == LookupStatus.Found)
                    {
                        entries.Add(new RosterEntry(RosterPlatform.Teams, profile.PlatformUserId!, profile.Email));
                    }
                    else
                    {
                        outside++;
                    }
                }
            }

            token = body.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                return new RosterRead(entries, outside);
            }
        }

        // Part of a roster would remove everyone on the pages not read: not a roster at all.
        return RosterRead.Failed($"Teams pagedmembers: more than {MaxPages} pages; the roster was not read whole");
    }
}
