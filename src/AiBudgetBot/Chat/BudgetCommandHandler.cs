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

        // The numbers and the verdict line are independent reads: waiting for one before asking for
        // the other would add the store's round trips end to end to every answer.
        var reading = status.ForTeamAsync(team.Id, cancellationToken);
        var judging = verdicts.FirstOrDefault() is { } source ? source.VerdictAsync(team, cancellationToken) : Task.FromResult<string?>(null);
        await Task.WhenAll(reading, judging);
        if (await reading is not { } current)
        {
            return ChatCards.Problem("Team not found", $"Team '{team.Id}' was just removed.");
        }

        return BudgetCard.Build(current, organization.Value.Currency, await judging);
    }
}
