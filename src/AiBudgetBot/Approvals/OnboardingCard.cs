using System.Globalization;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Approvals;

/// <summary>
/// The financial framework a team's owner accepts before the team gets any access: its
/// allocation per pool, the thresholds, the hard and soft rules of each pool's stage, and how
/// to ask for more. The Accept button carries the team id (verb <c>accept-framework</c>).
/// </summary>
public static class OnboardingCard
{
    public static OutgoingMessage Build(Team team, IReadOnlyList<Pool> pools, StagePolicy policy, string currency, string version)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(policy);
        var intro = $"Before {team.Name} can use AI models through the gateway, a budget owner accepts this financial framework (version {version}). Until then usage is tracked but calls are denied.";
        var rows = pools.Select(p => (IReadOnlyList<string>)
        [
            p.Id,
            $"{p.Kind.ToString().ToLowerInvariant()}, {p.Stage.ToString().ToLowerInvariant()}",
            $"{ChatFormat.Money(p.Amount.Amount, currency)} {p.Period.ToString().ToLowerInvariant()}",
            string.Join("/", p.Thresholds.Select(t => t.ToString("0.##", CultureInfo.InvariantCulture))) + " %",
            Rules(p, policy, currency),
        ]).ToList();
        var ask = "**How to ask for more**: **override <amount> [<hours>h] <reason>** for temporary room (not on sandbox pools), **increase <amount> <reason>** for a permanent new limit (owner, then finance), **graduate <workflow> <reason>** to move a sandbox workflow to production.";
        var text = $"{intro}\n{string.Join("\n", rows.Select(r => string.Join(" · ", r)))}\n{ask}";
        var blocks = new MessageBlock[]
        {
            new TextBlock(intro),
            new TableBlock(["Pool", "Kind, stage", "Allocation", "Alerts at", "Limits"], rows),
            new TextBlock(ask),
        };
        return new OutgoingMessage($"{team.Name}: accept the AI budget framework", text, blocks, [new MessageAction(ActionVerbs.AcceptFramework, "Accept", team.Id, ActionStyle.Positive)])
        {
            Visibility = MessageVisibility.Shared,
        };
    }

    private static string Rules(Pool pool, StagePolicy policy, string currency)
    {
        var rules = policy.For(pool.Stage);
        var limits = rules.LimitsOf(pool);
        var approver = rules.OverrideApprover == Approver.Finance ? "finance" : "the budget owner";
        var serving = limits.Hard > limits.Soft
            ? $"soft limit {ChatFormat.Money(limits.Soft, currency)} (calls served, flagged), hard limit {ChatFormat.Money(limits.Hard, currency)} (denied)"
            : $"hard stop at {ChatFormat.Money(limits.Hard, currency)}";
        return pool.Kind == PoolKind.Sandbox ? $"{serving}; no overrides" : $"{serving}; overrides by {approver}";
    }
}
