using AiBudgetBot.Chat;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// <c>outcome &lt;metric&gt; &lt;value&gt; [workflow] [yyyy-MM]</c> in Teams and Slack: the team's
/// people record, an owner's record counts at once, a member's waits for an owner to confirm it
/// from the card; anyone outside the team is refused. Also the card's buttons.
/// </summary>
public sealed class OutcomeChatHandler(OutcomeService outcomes, IOptions<OrganizationOptions> organization, TimeProvider time) : IChatCommandHandler, IChatActionHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Outcome];

    public IReadOnlyList<string> ActionVerbs { get; } = [Core.Conversation.ActionVerbs.ConfirmOutcome, Core.Conversation.ActionVerbs.RejectOutcome, Core.Conversation.ActionVerbs.RecordOutcomes];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asked = (OutcomeCommand)command;
        var choice = request.ResolveTeam(null);
        if (choice.Team is not { } team)
        {
            return choice.Problem!;
        }

        // Outcomes are the team's word about its own work: finance and admins read them, the team records them.
        if (!team.IsMember(request.Person.Id))
        {
            return ChatCards.Problem("Not your team", $"Only {team.Name}'s people record its outcomes; ask {request.OwnerNames(team)}. Nothing was recorded.");
        }

        var currency = organization.Value.Currency;
        var outcome = new Outcome(team.Id, asked.Month ?? outcomes.CurrentMonth(), asked.Workflow, asked.Metric, asked.Value, request.Person.Id, time.GetUtcNow());
        if (team.IsOwner(request.Person.Id))
        {
            var result = await outcomes.RecordAsync(outcome, request.Person.Id, cancellationToken);
            if (!result.Succeeded)
            {
                return ChatCards.Problem("Outcome not recorded", string.Join(" ", result.Errors));
            }

            var recorded = result.Outcome!;
            var replaced = recorded.Superseded is { } before
                ? $" It replaces {OutcomeCards.Value(before, currency)} (revision {before.Revision}), which stays in the history."
                : " Recording it again this month corrects it; the earlier figure stays in the history.";
            return ChatCards.Note("Outcome recorded", $"Recorded {OutcomeCards.Describe(recorded.Outcome, team, currency)}. It counts towards {team.Name}'s ROI now.{replaced}", MessageTone.Good);
        }

        var proposed = await outcomes.ProposeAsync(outcome, request.Directory, cancellationToken);
        return proposed.Succeeded
            ? ChatCards.Note("Outcome sent to the owners", $"Recorded {OutcomeCards.Describe(proposed.Pending!, team, currency)} for {request.OwnerNames(team)} to confirm; it counts towards the ROI once an owner confirms it.", MessageTone.Good)
            : ChatCards.Problem("Outcome not recorded", string.Join(" ", proposed.Errors));
    }

    public async Task<ActionOutcome> HandleActionAsync(ChatRequest request, string verb, string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (verb == Core.Conversation.ActionVerbs.RecordOutcomes)
        {
            var month = subjectId[(subjectId.IndexOf(':', StringComparison.Ordinal) + 1)..];
            return new ActionOutcome(null,
                $"Say, for {RoiText.Month(month)}: **outcome hours-saved <hours> [workflow] {month}**, **outcome value <amount> [workflow] {month}**, or **outcome throughput <units> [workflow] {month}** (also cycle-time-hours, quality-lift-pct). Scripts can POST /api/v1/outcomes.");
        }

        var decision = await outcomes.DecideAsync(request.Person, request.Directory, subjectId, verb == Core.Conversation.ActionVerbs.ConfirmOutcome, cancellationToken);
        return new ActionOutcome(decision.Card, decision.PrivateNote);
    }
}
