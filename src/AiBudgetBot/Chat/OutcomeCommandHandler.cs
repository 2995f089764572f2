using AiBudgetBot.Admin;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Chat;

/// <summary><c>outcome &lt;metric&gt; &lt;value&gt; [workflow]</c>: what this month's spend achieved, for ROI.</summary>
public sealed class OutcomeCommandHandler(OutcomeRecorder recorder, IOptions<OrganizationOptions> organization, TimeProvider time) : IChatCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Outcome];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var outcome = (OutcomeCommand)command;
        var choice = request.ResolveTeam(null);
        if (choice.Team is not { } team)
        {
            return choice.Problem!;
        }

        if (!request.CanSee(team))
        {
            return ChatCards.Problem("Not your team", $"Only {team.Name}'s people, finance and admins record its outcomes.");
        }

        var now = time.GetUtcNow();
        var month = organization.Value.Calendar().Containing(now, PeriodKind.Monthly);
        var result = await recorder.RecordAsync(new Outcome(team.Id, month.Key, outcome.Workflow, outcome.Metric, outcome.Value, request.Person.Id, now), cancellationToken);
        if (!result.Succeeded)
        {
            return ChatCards.Problem("Outcome not recorded", string.Join(" ", result.Errors));
        }

        var value = outcome.Metric == OutcomeMetrics.Value ? ChatFormat.Money(outcome.Value, organization.Value.Currency) : ChatFormat.Number(outcome.Value);
        var scope = outcome.Workflow is null ? team.Name : $"{outcome.Workflow} ({team.Name})";
        var text = $"Recorded **{outcome.Metric} = {value}** for {scope}, {ChatFormat.Month(month.FirstDay)}. Recording it again this month replaces it.";
        return ChatCards.Note("Outcome recorded", text, MessageTone.Good);
    }
}
