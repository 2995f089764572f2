using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Chat;

/// <summary>A message from someone the directory knows, with the directory as it was when it arrived.</summary>
public sealed record ChatRequest(ChatSender Sender, Person Person, BudgetDirectory Directory)
{
    public bool IsAdminOrFinance => Person.HasRole(Person.AdminRole) || Person.HasRole(Person.FinanceRole);

    public bool OwnsABudget => Directory.Teams.Any(t => t.IsOwner(Person.Id));

    /// <summary>Budget numbers and usage are for the team's own people, finance and admins.</summary>
    public bool CanSee(Team team) => IsAdminOrFinance || team.IsMember(Person.Id);

    /// <summary>The team a message is about: the one named, else the one this channel is linked to, else the sender's own.</summary>
    public TeamChoice ResolveTeam(string? named)
    {
        if (named is not null)
        {
            return Directory.FindTeam(named) is { } team
                ? new TeamChoice(team, null)
                : new TeamChoice(null, ChatCards.Problem("I don't know that team", $"There is no team '{named}'. Teams I know: {string.Join(", ", Directory.Teams.Select(t => t.Id).Order(StringComparer.Ordinal).Take(15))}."));
        }

        if (ChannelTeam() is { } linked)
        {
            return new TeamChoice(linked, null);
        }

        var mine = Directory.Teams.Where(t => t.IsMember(Person.Id)).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        return mine.Count switch
        {
            1 => new TeamChoice(mine[0], null),
            0 => new TeamChoice(null, ChatCards.Problem("Which team?", "You are not in any team I know, and this conversation is not linked to one. Name the team, e.g. **budget marketing**.")),
            _ => new TeamChoice(null, ChatCards.Problem("Which team?", $"You are in {string.Join(", ", mine.Select(t => t.Id))}. Name one, e.g. **budget {mine[0].Id}**.")),
        };
    }

    /// <summary>The team this conversation is linked to (Team.Channels), if any.</summary>
    public Team? ChannelTeam()
    {
        var here = ChatChannels.Normalize(Sender);
        return Directory.Teams.OrderBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(t => Sender.Platform switch
        {
            ChatChannels.TeamsPlatform => t.Channels.Teams is { } c && string.Equals(ChatChannels.NormalizeTeams(c.ConversationId), here, StringComparison.Ordinal),
            ChatChannels.SlackPlatform => t.Channels.Slack is { } c && string.Equals(c.ChannelId, here, StringComparison.Ordinal),
            _ => false,
        });
    }

    /// <summary>"Dana Reyes and Sam Lee" for a team's owners (their ids when the directory has no name).</summary>
    public string OwnerNames(Team team) =>
        ChatFormat.Names(team.Owners.Select(id => Directory.FindPerson(id)?.DisplayName ?? id).ToList());
}

/// <summary>A resolved team, or the answer explaining why none could be chosen.</summary>
public sealed record TeamChoice(Team? Team, OutgoingMessage? Problem);

/// <summary>Conversation ids as the directory keeps them.</summary>
public static class ChatChannels
{
    public const string TeamsPlatform = "msteams";
    public const string SlackPlatform = "slack";

    public static string Normalize(ChatSender sender) =>
        sender.Platform == TeamsPlatform ? NormalizeTeams(sender.ConversationId) : sender.ConversationId;

    /// <summary>A Teams channel thread is "19:…@thread.tacv2;messageid=…": the channel is the part before ';'.</summary>
    public static string NormalizeTeams(string conversationId)
    {
        var cut = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? conversationId : conversationId[..cut];
    }
}
