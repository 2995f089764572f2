using System.Globalization;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Storage.Outcomes;

namespace AiBudgetBot.Outcomes;

/// <summary>The outcome cards: a member's record for an owner to confirm (buttons carry only the verb and the pending id), and the same card once decided.</summary>
public static class OutcomeCards
{
    /// <summary>"hours-saved = 120 for campaign-copy (Marketing), December 2026".</summary>
    public static string Describe(Outcome outcome, Team team, string currency)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(team);
        var scope = outcome.Workflow is null ? team.Name : $"{outcome.Workflow} ({team.Name})";
        return $"**{outcome.Metric} = {Value(outcome, currency)}** for {scope}, {RoiText.Month(outcome.Month)}";
    }

    /// <summary>The value as a person reads it: money for <c>value</c>, "300 tickets (baseline 180)", "6 h (was 12 h)".</summary>
    public static string Value(Outcome outcome, string currency)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var number = Number(outcome.Value);
        return outcome.Metric switch
        {
            OutcomeMetrics.Value => new Core.Money.Money(outcome.Value, currency).Format(),
            OutcomeMetrics.Throughput => $"{number} {outcome.Unit ?? "units"}" + (outcome.Baseline is { } b ? $" (baseline {Number(b)})" : ""),
            OutcomeMetrics.CycleTimeHours => $"{number} h" + (outcome.Baseline is { } b ? $" (was {Number(b)} h)" : ""),
            OutcomeMetrics.QualityLiftPercent => $"{number} %",
            _ => number,
        };
    }

    public static OutgoingMessage Pending(string subjectId, Outcome outcome, Team team, BudgetDirectory directory, string currency)
    {
        ArgumentNullException.ThrowIfNull(team);
        var who = NameOf(directory, outcome.RecordedBy);
        var owners = Chat.ChatFormat.Names(team.Owners.Select(o => NameOf(directory, o)).ToList());
        var title = $"{who} recorded an outcome for {team.Name}";
        var ask = $"{who} recorded {Describe(outcome, team, currency)}. **{owners}**: confirm it to count it towards {team.Name}'s ROI, or reject it.";
        var blocks = new List<MessageBlock> { new TextBlock(ask), new FactsBlock(Facts(outcome, currency, "waiting for an owner")) };
        var actions = new List<MessageAction>
        {
            new(ActionVerbs.ConfirmOutcome, "Confirm", subjectId, ActionStyle.Positive),
            new(ActionVerbs.RejectOutcome, "Reject", subjectId, ActionStyle.Destructive),
        };
        return new OutgoingMessage(title, $"{title}\n{ask}", blocks, actions, MessageTone.Neutral) { Visibility = MessageVisibility.Shared };
    }

    public static OutgoingMessage Decided(PendingOutcome pending, Team team, BudgetDirectory directory, string currency)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(team);
        var by = NameOf(directory, pending.DecidedBy ?? "");
        var status = pending.State == PendingStates.Confirmed ? $"confirmed by {by}" : $"rejected by {by}";
        var title = $"Outcome for {team.Name} {status}";
        var text = pending.State == PendingStates.Confirmed
            ? $"{Describe(pending.Outcome, team, currency)} now counts towards {team.Name}'s ROI ({status})."
            : $"{Describe(pending.Outcome, team, currency)} was {status} and does not count.";
        var blocks = new MessageBlock[] { new TextBlock(text), new FactsBlock(Facts(pending.Outcome, currency, status)) };
        return new OutgoingMessage(title, $"{title}\n{text}", blocks, [], pending.State == PendingStates.Confirmed ? MessageTone.Good : MessageTone.Neutral)
        {
            Visibility = MessageVisibility.Shared,
        };
    }

    private static List<Fact> Facts(Outcome outcome, string currency, string status)
    {
        var facts = new List<Fact>
        {
            new("Metric", outcome.Metric),
            new("Value", Value(outcome, currency)),
            new("Month", RoiText.Month(outcome.Month)),
            new("Workflow", outcome.Workflow ?? "the whole team"),
        };
        if (outcome.Note is { } note)
        {
            facts.Add(new Fact("Note", note));
        }

        facts.Add(new Fact("Status", status));
        return facts;
    }

    private static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    private static string NameOf(BudgetDirectory directory, string personId) => directory.FindPerson(personId)?.DisplayName ?? personId;
}
