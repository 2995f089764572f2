using System.Globalization;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Requests;

namespace AiBudgetBot.Admin;

/// <summary>
/// One sentence an auditor can read for an audit entry ("dana approved an override of $50.00 for
/// 24 h on marketing/baseline"), made from the typed before and after at the moment of the change.
/// </summary>
public static class AuditSentence
{
    public static string Describe(string actor, string action, string? teamId, object? before, object? after, string currency)
    {
        var team = teamId ?? "the organization";
        return (action, before, after) switch
        {
            ("request.create", _, BudgetRequest r) => $"{actor} asked for {Request(r, currency)}",
            ("request.approve", _, BudgetRequest r) => $"{actor} approved {Request(r, currency)}",
            ("request.deny", _, BudgetRequest r) => $"{actor} denied {Request(r, currency)}",
            ("request.approve-step", _, BudgetRequest r) => $"{actor} approved step {r.ApprovedSteps} of {r.Steps.Count} of {Request(r, currency)}",
            ("request.expire", BudgetRequest { State: RequestState.Approved }, BudgetRequest r) => $"{Request(r, currency)} ended at its expiry ({actor})",
            ("request.expire", _, BudgetRequest r) => $"{Request(r, currency)} expired without a decision ({actor})",
            ("request.apply", _, BudgetRequest r) => $"{actor} carried out {Request(r, currency)}",
            ("team.create", _, Team t) => $"{actor} created team {t.Id} (\"{t.Name}\")",
            ("team.update", _, Team t) => $"{actor} updated team {t.Id} (\"{t.Name}\")",
            ("onboarding.accept", _, OnboardingAcceptance a) => $"{actor} recorded that {a.AcceptedBy} accepted the onboarding terms for {team}",
            ("workflow.pause", IEnumerable<string> was, IEnumerable<string> now) => $"{actor} paused {Workflows(now.Except(was, StringComparer.OrdinalIgnoreCase), "a workflow")} on {team}",
            ("workflow.resume", IEnumerable<string> was, IEnumerable<string> now) => $"{actor} resumed {Workflows(was.Except(now, StringComparer.OrdinalIgnoreCase), "a workflow")} on {team}",
            ("team.link", _, _) => $"{actor} linked {team} to its chat channels",
            ("team.members.sync", IEnumerable<string> was, IEnumerable<string> now) => $"{actor} synced {team}'s channel members: {Names(now.Except(was, StringComparer.OrdinalIgnoreCase), "nobody")} in, {Names(was.Except(now, StringComparer.OrdinalIgnoreCase), "nobody")} out",
            ("person.put", null, Person p) => $"{actor} added person {p.Id} (\"{p.DisplayName}\")",
            ("person.put", _, Person p) => $"{actor} updated person {p.Id} (\"{p.DisplayName}\")",
            ("prices.put", _, IReadOnlyCollection<ModelPrice> prices) => $"{actor} set {prices.Count} model price{(prices.Count == 1 ? "" : "s")}",
            ("outcome.record", _, Outcome o) => $"{actor} recorded {o.Metric} = {o.Value.ToString(CultureInfo.InvariantCulture)} for {o.TeamId} in {o.Month}",
            (_, Pool old, Pool p) when old.Amount != p.Amount => $"{actor} changed pool {p.TeamId}/{p.Id} from {old.Amount.Format()} to {p.Amount.Format()} {Period(p)} ({action})",
            (_, null, Pool p) => $"{actor} created pool {p.TeamId}/{p.Id}: {p.Amount.Format()} {Period(p)}, {Name(p.Stage)}",
            (_, _, Pool p) => $"{actor} updated pool {p.TeamId}/{p.Id}: {p.Amount.Format()} {Period(p)}, {Name(p.Stage)} ({action})",
            _ => $"{actor} did {action} on {team}",
        };
    }

    private static string Request(BudgetRequest r, string currency)
    {
        var where = $"{r.TeamId}/{r.PoolId}";
        var amount = r.Amount is { } a ? new Core.Money.Money(a, currency).Format() : null;
        return r.Kind switch
        {
            RequestKind.Override => $"an override of {amount} for {r.Hours} h on {where}{(r.Workflow is { } w ? $" (workflow {w})" : "")}",
            RequestKind.Increase => $"an increase of {amount} on {where}{(r.NextPeriod ? " from the next period" : "")}",
            RequestKind.Graduation => $"the graduation of workflow {r.Workflow} from {where} to {r.TeamId}/{r.TargetPoolId}",
            RequestKind.Onboarding => $"the onboarding of {r.TeamId}",
            _ => $"a request on {where}",
        };
    }

    private static string Workflows(IEnumerable<string> names, string fallback)
    {
        var list = names.ToList();
        return list.Count == 0 ? fallback : (list.Count == 1 ? "workflow " : "workflows ") + string.Join(", ", list);
    }

    private static string Names(IEnumerable<string> names, string none)
    {
        var list = names.ToList();
        return list.Count == 0 ? none : string.Join(", ", list);
    }

    private static string Period(Pool p) => p.Period switch
    {
        Core.Periods.PeriodKind.Monthly => "per month",
        Core.Periods.PeriodKind.Quarterly => "per quarter",
        _ => "for its whole span",
    };

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
