using AiBudgetBot.Admin;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>
/// <c>link &lt;team&gt;</c>: binds the channel the message came from to a team, so its alerts land
/// there and budget questions asked there mean that team. Admin or finance only.
/// </summary>
public sealed class LinkCommandHandler(BudgetAdmin admin, IEnumerable<IChannelAddresses> addresses) : IChatCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Link];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var link = (LinkCommand)command;
        if (!request.IsAdminOrFinance)
        {
            return ChatCards.Problem("Only admins and finance link channels", "Linking a channel to a team decides where its alerts go, so only admins and finance can. Ask one of them.");
        }

        if (request.Sender.IsPersonal)
        {
            return ChatCards.Problem("Link from the channel", $"Say **link {link.TeamId}** in the channel that should get the team's alerts, not in a direct message.");
        }

        if (request.Directory.FindTeam(link.TeamId) is not { } team)
        {
            return ChatCards.Problem("I don't know that team", $"There is no team '{link.TeamId}'. An admin creates it with PUT /api/v1/teams/{link.TeamId}.");
        }

        var conversationId = ChatChannels.Normalize(request.Sender);
        var platform = addresses.LastOrDefault(a => a.Platform == request.Sender.Platform);
        if (platform is null || await platform.FindAsync(conversationId, cancellationToken) is not { } here)
        {
            return ChatCards.Problem("I can't post here yet", "I have no record of being added to this channel, so I can't post alerts in it. Remove the app from the team and add it again, then say **link " + team.Id + "**.");
        }

        var result = await admin.LinkChannelAsync(team.Id, here.Teams, here.Slack, request.Person.Id, cancellationToken);
        if (!result.Succeeded)
        {
            return ChatCards.Problem("Not linked", string.Join(" ", result.Errors));
        }

        var previous = request.ChannelTeam() is { } other && !string.Equals(other.Id, team.Id, StringComparison.OrdinalIgnoreCase)
            ? $" It was linked to {other.Name} before; that team's link was left as it was."
            : "";
        var text = $"This channel is now {team.Name}'s: its budget alerts come here, and **budget** asked here means {team.Name}.{previous}";
        return new OutgoingMessage($"Linked to {team.Name}", text, [new TextBlock(text)], [], MessageTone.Good) { Visibility = MessageVisibility.Shared };
    }
}
