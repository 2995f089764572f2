using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>
/// <c>usage [team] [yyyy-MM]</c>, and the <c>view-usage</c> button. The button's subject id is a
/// team id ("marketing") or a team and workflow ("marketing:video-render", the workflow called out).
/// </summary>
public sealed class UsageCommandHandler(UsageReport report) : IChatCommandHandler, IChatActionHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Usage];

    public IReadOnlyList<string> ActionVerbs { get; } = [Core.Conversation.ActionVerbs.ViewUsage];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var usage = (UsageCommand)command;
        var choice = request.ResolveTeam(usage.TeamId);
        if (choice.Team is not { } team)
        {
            return choice.Problem!;
        }

        return request.CanSee(team)
            ? await report.BuildAsync(request.Directory, team, usage.Month, null, cancellationToken)
            : NotYours(request, team);
    }

    /// <summary>The usage goes to the clicker only (as the note); the clicked card stays as it is for everyone else.</summary>
    public async Task<ActionOutcome> HandleActionAsync(ChatRequest request, string verb, string subjectId, CancellationToken cancellationToken)
    {
        var (teamId, workflow) = SubjectIds.TeamAndWorkflow(subjectId);
        if (request.Directory.FindTeam(teamId) is not { } team)
        {
            return new ActionOutcome(null, $"There is no team '{teamId}' any more.");
        }

        var answer = request.CanSee(team) ? await report.BuildAsync(request.Directory, team, null, workflow, cancellationToken) : NotYours(request, team);
        return new ActionOutcome(null, answer.Text);
    }

    private static OutgoingMessage NotYours(ChatRequest request, Core.Budgets.Team team) =>
        ChatCards.Problem("Not your team", $"{team.Name}'s usage is for its people, finance and admins. Its owners are {request.OwnerNames(team)}.");
}

/// <summary>Button subject ids that name a team's workflow: "{teamId}:{workflow}", or just "{teamId}".</summary>
public static class SubjectIds
{
    public static string ForWorkflow(string teamId, string workflow) => $"{teamId}:{workflow}";

    public static (string TeamId, string? Workflow) TeamAndWorkflow(string subjectId)
    {
        var colon = subjectId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (subjectId, null) : (subjectId[..colon], subjectId[(colon + 1)..] is { Length: > 0 } w ? w : null);
    }
}
