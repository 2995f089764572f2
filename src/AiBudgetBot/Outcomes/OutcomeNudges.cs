using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Outcomes;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// Once a month, the owners of each team that spent last month and recorded no outcome for it
/// get one nudge in the team's channel, with a button that says how to record them. One per team
/// and month however often it runs and on however many instances (<see cref="OutcomeStore.ClaimNudgeAsync"/>).
/// </summary>
public sealed class OutcomeNudges(ITeamRoi roi, DirectoryStore directory, OutcomeStore store, OutcomeNotifier notifier, IOptions<OrganizationOptions> organization, TimeProvider time)
{
    /// <summary>Nudges for <paramref name="month"/> (default: the last full month); returns the teams nudged.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(string? month, CancellationToken cancellationToken)
    {
        month ??= roi.LastFullMonth();
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var currency = organization.Value.Currency;
        var nudged = new List<string>();
        foreach (var report in await roi.ForAllTeamsAsync(month, cancellationToken))
        {
            if (report.Figures.Spend <= 0m || report.HasOutcomes || snapshot.FindTeam(report.TeamId) is not { } team)
            {
                continue;
            }

            if (!await store.ClaimNudgeAsync(team.Id, month, time.GetUtcNow(), cancellationToken))
            {
                continue;
            }

            var owners = Chat.ChatFormat.Names(team.Owners.Select(o => snapshot.FindPerson(o)?.DisplayName ?? o).ToList());
            var title = $"{team.Name}: what did {RoiText.Month(month)}'s AI spend achieve?";
            var text = $"{team.Name} spent {RoiText.Money(report.Figures.Spend, currency)} on AI in {RoiText.Month(month)} and recorded no outcome, so its ROI is unproven. **{owners}**: record the hours it saved, what it produced or the value it brought, so the spend can be judged (and a strong return earns one-step budget increases).";
            var message = new OutgoingMessage(title, $"{title}\n{text}", [new TextBlock(text)], [new MessageAction(ActionVerbs.RecordOutcomes, "Record outcomes", $"{team.Id}:{month}", ActionStyle.Positive)], MessageTone.Warning)
            {
                Visibility = MessageVisibility.Shared,
            };
            await notifier.SendAsync(team.Id, $"{team.Id}:{month}", "nudge", message, cancellationToken);
            nudged.Add(team.Id);
        }

        return nudged;
    }
}
