using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Organization;
using AiBudgetBot.Status;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Chat;

/// <summary><c>budget [team]</c> (and "how much is left?"): the same numbers as the status API.</summary>
public sealed class BudgetCommandHandler(BudgetStatus status, IOptions<OrganizationOptions> organization, IEnumerable<ITeamVerdicts> verdicts) : IChatCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Budget];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var choice = request.ResolveTeam(((BudgetCommand)command).TeamId);
        if (choice.Team is not { } team)
        {
            return choice.Problem!;
        }

        if (!request.CanSee(team))
        {
            return ChatCards.Problem("Not your team", $"{team.Name}'s budget is for its people, finance and admins. Its owners are {request.OwnerNames(team)}.");
        }

        var current = await status.ForTeamAsync(team.Id, cancellationToken);
        if (current is null)
        {
            return ChatCards.Problem("Team not found", $"Team '{team.Id}' was just removed.");
        }

        var verdict = verdicts.FirstOrDefault() is { } source ? await source.VerdictAsync(team, cancellationToken) : null;
        return BudgetCard.Build(current, organization.Value.Currency, verdict);
    }
}
