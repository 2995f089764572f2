using AiBudgetBot.Admin;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>
/// <c>pause &lt;workflow&gt;</c> / <c>resume &lt;workflow&gt;</c> and the <c>pause-workflow</c> button
/// (subject id "{teamId}:{workflow}"). Budget owners only; anyone else is told who can.
/// </summary>
public sealed class PauseCommandHandler(BudgetAdmin admin) : IChatCommandHandler, IChatActionHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Pause, CommandVerbs.Resume];

    public IReadOnlyList<string> ActionVerbs { get; } = [Core.Conversation.ActionVerbs.PauseWorkflow];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var (workflow, paused) = command switch
        {
            PauseCommand p => (p.Workflow, true),
            ResumeCommand r => (r.Workflow, false),
            _ => throw new ArgumentException($"Not a pause command: {command.Verb}", nameof(command)),
        };

        // An owner of exactly one team outside any linked channel means that team.
        var choice = request.ChannelTeam() is null && request.Directory.Teams.Where(t => t.IsOwner(request.Person.Id)).ToList() is { Count: 1 } owned
            ? new TeamChoice(owned[0], null)
            : request.ResolveTeam(null);
        return choice.Team is { } team ? await SetAsync(request, team, workflow, paused, cancellationToken) : choice.Problem!;
    }

    public async Task<ActionOutcome> HandleActionAsync(ChatRequest request, string verb, string subjectId, CancellationToken cancellationToken)
    {
        var (teamId, workflow) = SubjectIds.TeamAndWorkflow(subjectId);
        if (request.Directory.FindTeam(teamId) is not { } team || workflow is null)
        {
            return new ActionOutcome(null, "This button no longer points at a team's workflow; say **pause <workflow>** instead.");
        }

        var answer = await SetAsync(request, team, workflow, paused: true, cancellationToken);
        return new ActionOutcome(null, answer.Text);
    }

    private async Task<OutgoingMessage> SetAsync(ChatRequest request, Team team, string workflow, bool paused, CancellationToken cancellationToken)
    {
        var verb = paused ? "pause" : "resume";
        if (!team.IsOwner(request.Person.Id))
        {
            return ChatCards.Problem(
                $"Only {team.Name}'s budget owners can {verb} workflows",
                $"Sorry, only {team.Name}'s budget owners ({request.OwnerNames(team)}) can {verb} {workflow}. Ask them, or ask for more room with **override <amount> <reason>**.");
        }

        if (team.IsPaused(workflow) == paused)
        {
            return ChatCards.Note($"{workflow} is already {(paused ? "paused" : "running")}", $"{workflow} is already {(paused ? "paused" : "running")} for {team.Name}; nothing changed.");
        }

        var result = await admin.SetWorkflowPausedAsync(team.Id, workflow, paused, request.Person.Id, cancellationToken);
        if (!result.Succeeded)
        {
            return ChatCards.Problem($"Could not {verb} {workflow}", string.Join(" ", result.Errors));
        }

        var text = paused
            ? $"{request.Person.DisplayName} paused **{workflow}** for {team.Name}. Its calls are denied until an owner says **resume {workflow}**."
            : $"{request.Person.DisplayName} resumed **{workflow}** for {team.Name}. Its calls are served again.";
        // Shared: the channel should know a workflow stopped or started.
        return new OutgoingMessage(paused ? $"{workflow} is paused" : $"{workflow} is running again", text, [new TextBlock(text)], [], paused ? MessageTone.Warning : MessageTone.Good)
        {
            Visibility = MessageVisibility.Shared,
        };
    }
}
