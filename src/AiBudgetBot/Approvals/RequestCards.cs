using System.Globalization;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Requests;

namespace AiBudgetBot.Approvals;

/// <summary>
/// The approval card in its two lives: pending (with Approve/Deny, buttons carrying only the
/// verb and the request id) and decided (the same facts, the outcome, no buttons), plus the
/// requester's outcome message. The decided card replaces the clicked one in place.
/// </summary>
public static class RequestCards
{
    public static OutgoingMessage Pending(BudgetRequest request, Team team, BudgetDirectory directory, RequestEvidence? evidence, string currency)
    {
        ArgumentNullException.ThrowIfNull(request);
        var who = NameOf(directory, request.RequesterId);
        var step = request.CurrentStep ?? Approver.Owner;
        var deciders = DeciderNames(step, team, directory);
        var title = $"{who} asks for {Describe(request, currency)} for {team.Name}";
        var stepText = request.Steps.Count > 1 ? $" (step {request.ApprovedSteps + 1} of {request.Steps.Count})" : "";
        var ask = $"**{deciders}**{stepText}: please approve or deny. Reason: {request.Reason}";
        var blocks = new List<MessageBlock> { new TextBlock(ask) };
        var text = new List<string> { title, ask };
        if (request.RoiEvidence is { } roi)
        {
            // Why this takes one step (or two), with the ROI as evidence.
            blocks.Add(new TextBlock($"**ROI**: {roi}"));
            text.Add($"ROI: {roi}");
        }

        blocks.Add(new FactsBlock(Facts(request, directory, evidence, currency)));
        if (evidence is not null)
        {
            var drivers = evidence.TopWorkflows.Count == 0 ? "no spend yet this period" : string.Join("; ", evidence.TopWorkflows);
            var driverText = $"**Top drivers**: {drivers}" + (evidence.Drivers.Count > 0 ? "\n" + string.Join("\n", evidence.Drivers.Select(d => "• " + d)) : "");
            blocks.Add(new TextBlock(driverText));
            text.Add(driverText);
        }

        var actions = new List<MessageAction>
        {
            new(ActionVerbs.Approve, "Approve", request.Id, ActionStyle.Positive),
            new(ActionVerbs.Deny, "Deny", request.Id, ActionStyle.Destructive),
        };
        return new OutgoingMessage(title, string.Join("\n", text), blocks, actions, MessageTone.Warning) { Visibility = MessageVisibility.Shared };
    }

    /// <summary>The card after a decision (or expiry): what was asked, what happened, by whom; no buttons, so a stale Approve cannot linger.</summary>
    public static OutgoingMessage Decided(BudgetRequest request, Team team, BudgetDirectory directory, string currency)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = Outcome(request, directory, currency);
        var title = $"{NameOf(directory, request.RequesterId)}'s request for {Describe(request, currency)}: {RequestTransitions.Describe(request.State)}";
        var tone = request.State == RequestState.Approved ? MessageTone.Good : MessageTone.Neutral;
        var blocks = new MessageBlock[] { new TextBlock(outcome), new FactsBlock(Facts(request, directory, null, currency)) };
        return new OutgoingMessage(title, $"{title}\n{outcome}", blocks, [], tone) { Visibility = MessageVisibility.Shared };
    }

    /// <summary>For the requester: the outcome and what it means for them.</summary>
    public static OutgoingMessage ForRequester(BudgetRequest request, Team team, BudgetDirectory directory, string currency)
    {
        ArgumentNullException.ThrowIfNull(request);
        var title = $"Your request for {Describe(request, currency)} was {RequestTransitions.Describe(request.State)}";
        var text = $"{NameOf(directory, request.RequesterId)}, {Outcome(request, directory, currency)}";
        return new OutgoingMessage(title, text, [new TextBlock(text)], [], request.State == RequestState.Approved ? MessageTone.Good : MessageTone.Warning);
    }

    /// <summary>"Approved by Dana Reyes (owner) and Ada Admin (finance) at 12:05 UTC; the override runs until …".</summary>
    public static string Outcome(BudgetRequest request, BudgetDirectory directory, string currency)
    {
        ArgumentNullException.ThrowIfNull(request);
        var by = ChatFormat.Names(request.Decisions.Select(d => $"{NameOf(directory, d.PersonId)} ({Capacity(d.As)})").ToList());
        var at = request.LastDecision?.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return request.State switch
        {
            RequestState.Approved => $"approved by {by} at {at}. " + Effect(request, currency),
            RequestState.Denied => $"denied by {NameOf(directory, request.FinalDecision!.PersonId)} at {at}.",
            RequestState.Expired when request.GrantedUntil is { } until => $"the override ended at {until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} and is no longer honoured.",
            RequestState.Expired => "nobody decided it before its deadline, so it expired. Ask again if it is still needed.",
            RequestState.Withdrawn => "it was withdrawn.",
            _ => request.ApprovedSteps > 0 ? $"approved by {by}; it now waits for {Capacity(request.CurrentStep!.Value)}." : "it is waiting for a decision.",
        };
    }

    public static string Describe(BudgetRequest request, string currency)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Kind switch
        {
            RequestKind.Override => $"a {ChatFormat.Money(request.Amount ?? 0m, currency)} override for {request.Hours} h on {request.PoolId}{(request.Workflow is { } w ? $" ({w} only)" : "")}",
            RequestKind.Increase => $"a {ChatFormat.Money(request.Amount ?? 0m, currency)} increase of {request.PoolId}{(request.NextPeriod ? " from next period" : "")}",
            RequestKind.Graduation => $"graduating {request.Workflow} from {request.PoolId} to {request.TargetPoolId}{(request.CreatesTargetPool ? " (a new project pool)" : "")}",
            _ => "accepting the financial framework",
        };
    }

    /// <summary>The people who can decide a step now, by name ("Dana Reyes", "finance (Ada Admin)").</summary>
    public static string DeciderNames(Approver step, Team team, BudgetDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(directory);
        if (step == Approver.Owner)
        {
            return ChatFormat.Names(team.Owners.Select(o => NameOf(directory, o)).ToList());
        }

        var finance = directory.People.Where(p => p.HasRole(Person.FinanceRole)).Select(p => p.DisplayName).Order(StringComparer.Ordinal).ToList();
        return finance.Count == 0 ? "finance (nobody has the finance role yet)" : $"finance ({ChatFormat.Names(finance)})";
    }

    public static string NameOf(BudgetDirectory directory, string personId) =>
        directory?.FindPerson(personId)?.DisplayName ?? personId;

    private static string Capacity(Approver approver) => approver == Approver.Owner ? "owner" : "finance";

    private static string Effect(BudgetRequest request, string currency) => request.Kind switch
    {
        RequestKind.Override => $"The pool has {ChatFormat.Money(request.Amount ?? 0m, currency)} more room until {request.GrantedUntil?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}.",
        RequestKind.Increase => request.NextPeriod ? "The new limit applies from the start of the next period." : "The new limit applies now.",
        RequestKind.Graduation => $"{request.Workflow}'s calls now spend from {request.TargetPoolId}.",
        _ => "",
    };

    private static List<Fact> Facts(BudgetRequest request, BudgetDirectory directory, RequestEvidence? evidence, string currency)
    {
        var facts = new List<Fact> { new("Requested by", NameOf(directory, request.RequesterId)), new("Pool", request.PoolId) };
        if (request.Amount is { } amount)
        {
            facts.Add(new Fact("Amount", ChatFormat.Money(amount, currency)));
        }

        if (request.Kind == RequestKind.Override)
        {
            facts.Add(new Fact("Duration", $"{request.Hours} h"));
        }

        if (request.Workflow is { } workflow)
        {
            facts.Add(new Fact("Workflow", workflow));
        }

        facts.Add(new Fact("Reason", request.Reason));
        if (request.RoiEvidence is { } roi && evidence is null)
        {
            facts.Add(new Fact("ROI", roi));
        }

        if (evidence is not null)
        {
            facts.Add(new Fact("Spent", $"{ChatFormat.Money(evidence.Spent, currency)} of {ChatFormat.Money(evidence.Amount, currency)} ({evidence.PeriodName})"));
            facts.Add(new Fact("Hard limit", ChatFormat.Money(evidence.HardLimit, currency)));
            facts.Add(new Fact("Forecast", evidence.Forecast is { } f ? ChatFormat.Money(f, currency) + " by period end" : "too early to say"));
        }

        facts.Add(new Fact("Status", RequestTransitions.Describe(request.State)));
        return facts;
    }
}
