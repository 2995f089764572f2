using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>
/// override, increase, graduate and accept, and the approve/deny/accept-framework/request-increase
/// buttons: handed to <see cref="IRequestCommands"/> when the deployment has it; otherwise an honest
/// "not enabled yet" naming who to talk to. Never a fake approval.
/// </summary>
public sealed class RequestCommandHandler(IEnumerable<IRequestCommands> implementations) : IChatCommandHandler, IChatActionHandler
{
    private readonly IRequestCommands? _requests = implementations.LastOrDefault();

    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Override, CommandVerbs.Increase, CommandVerbs.Graduate, CommandVerbs.Accept];

    public IReadOnlyList<string> ActionVerbs { get; } =
        [Core.Conversation.ActionVerbs.Approve, Core.Conversation.ActionVerbs.Deny, Core.Conversation.ActionVerbs.AcceptFramework, Core.Conversation.ActionVerbs.RequestIncrease];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var choice = request.ResolveTeam(null);
        if (choice.Team is not { } team)
        {
            return _requests is null ? NotEnabled(null, request) : choice.Problem!;
        }

        if (!request.CanSee(team))
        {
            return ChatCards.Problem("Not your team", $"Only {team.Name}'s people can ask for its budget. Its owners are {request.OwnerNames(team)}.");
        }

        if (_requests is null)
        {
            return NotEnabled(team, request);
        }

        var context = new RequestContext(request.Sender, request.Person, team, request.Directory);
        return command switch
        {
            OverrideCommand o => await _requests.RequestOverrideAsync(context, o, cancellationToken),
            IncreaseCommand i => await _requests.RequestIncreaseAsync(context, i, cancellationToken),
            GraduateCommand g => await _requests.RequestGraduationAsync(context, g, cancellationToken),
            AcceptCommand => await _requests.AcceptFrameworkAsync(context, cancellationToken),
            _ => throw new ArgumentException($"Not a request command: {command.Verb}", nameof(command)),
        };
    }

    public async Task<ActionOutcome> HandleActionAsync(ChatRequest request, string verb, string subjectId, CancellationToken cancellationToken)
    {
        if (_requests is null)
        {
            return new ActionOutcome(null, "Requests and approvals are not enabled in this deployment yet, so nothing was decided. Talk to the team's budget owners or finance directly.");
        }

        return await _requests.HandleActionAsync(new ActionContext(request.Sender, request.Person, request.Directory), verb, subjectId, cancellationToken);
    }

    private static OutgoingMessage NotEnabled(Core.Budgets.Team? team, ChatRequest request)
    {
        var who = team is null ? "your team's budget owners or finance" : $"{team.Name}'s budget owners ({request.OwnerNames(team)})";
        var text = $"Requests (override, increase, graduate, accept) are not enabled in this deployment yet, so I have not sent anything. Please talk to {who} directly.";
        return ChatCards.Problem("Requests are not enabled yet", text);
    }
}
