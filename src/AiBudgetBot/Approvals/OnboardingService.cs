using System.Globalization;
using AiBudgetBot.Admin;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Limits;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Requests;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Approvals;

/// <summary>
/// The onboarding gate: the owner is sent the framework (allocation, thresholds, stage rules,
/// how to ask for more) as an onboarding request, and Accept (button or chat <c>accept</c>)
/// records who, when and which version through <see cref="BudgetAdmin.RecordOnboardingAsync"/>.
/// From then on authorize serves the team.
/// </summary>
public sealed class OnboardingService(
    RequestStore store,
    RequestNotifier notifier,
    BudgetAdmin admin,
    DirectoryStore directoryStore,
    AuditLog audit,
    IOptions<LimitsOptions> limits,
    IOptions<OrganizationOptions> organization,
    TimeProvider time)
{
    public static string RequestId(string teamId) => $"{teamId.ToLowerInvariant()}:onboarding-{BudgetAdmin.FrameworkVersion}";

    /// <summary>Sends the team's owners the onboarding card (as a pending onboarding request). Sending again re-posts the same card.</summary>
    public async Task<AdminResult> InviteAsync(string teamId, string actor, CancellationToken cancellationToken)
    {
        var directory = await directoryStore.CurrentAsync(cancellationToken);
        if (directory.FindTeam(teamId) is not { } team)
        {
            return AdminResult.Missing($"Team '{teamId}' does not exist.");
        }

        if (team.Onboarding is { } done)
        {
            return AdminResult.Invalid([$"{team.Name} already accepted the framework (by {done.AcceptedBy}, {done.AcceptedAt:yyyy-MM-dd})."]);
        }

        var now = time.GetUtcNow();
        // Onboarding does not lapse: the gate stays shut until an owner accepts.
        var request = new BudgetRequest(RequestId(team.Id), team.Id, "", RequestKind.Onboarding, RequestState.Pending, actor, "Accept the financial framework", null, null, null, null, false, false, [Approver.Owner], [], now, DateTimeOffset.MaxValue);
        if (await store.InsertAsync(request, cancellationToken))
        {
            await audit.RecordAsync(team.Id, actor, "request.create", null, request, cancellationToken);
        }

        await notifier.SendAsync(RequestNotifier.RequestKind, $"invite-{now.ToUnixTimeSeconds()}", request, Card(team, directory), cancellationToken);
        return AdminResult.Ok(request);
    }

    /// <summary>What an ask from a team that has not accepted the framework gets: the card for an owner, a pointer to the owners for anyone else.</summary>
    public OutgoingMessage NotOnboarded(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Team.IsOwner(context.Person.Id))
        {
            return Card(context.Team, context.Directory) with { Visibility = MessageVisibility.Private };
        }

        var owners = RequestCards.DeciderNames(Approver.Owner, context.Team, context.Directory);
        return ChatCards.Problem("The team has not accepted the framework yet", $"{context.Team.Name} has not accepted the AI budget framework yet, so there is nothing to ask for. {owners} can accept it by saying **accept**.");
    }

    public async Task<OutgoingMessage> AcceptAsync(RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, message) = await AcceptCoreAsync(context.Team, context.Person, context.Directory, cancellationToken);
        return message;
    }

    public async Task<ActionOutcome> AcceptClickAsync(ActionContext context, string teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Directory.FindTeam(teamId) is not { } team)
        {
            return new ActionOutcome(null, $"I don't know team '{teamId}' any more, so nothing was accepted.");
        }

        var (accepted, message) = await AcceptCoreAsync(team, context.Person, context.Directory, cancellationToken);
        return new ActionOutcome(accepted ? message with { Visibility = MessageVisibility.Shared } : null, accepted ? null : message.Text);
    }

    private async Task<(bool Accepted, OutgoingMessage Message)> AcceptCoreAsync(Team team, Person person, BudgetDirectory directory, CancellationToken cancellationToken)
    {
        if (team.Onboarding is { } done)
        {
            return (false, ChatCards.Note("Already accepted", $"{team.Name} accepted the framework (version {done.FrameworkVersion}) on {done.AcceptedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, by {RequestCards.NameOf(directory, done.AcceptedBy)}. Nothing changed."));
        }

        if (!team.IsOwner(person.Id))
        {
            var owners = RequestCards.DeciderNames(Approver.Owner, team, directory);
            return (false, ChatCards.Problem("Only a budget owner can accept", $"Only {team.Name}'s budget owners ({owners}) can accept the framework for the team. Nothing was recorded."));
        }

        var result = await admin.RecordOnboardingAsync(team.Id, new OnboardingDto(person.Id, "accepted in chat"), person.Id, cancellationToken);
        if (!result.Succeeded)
        {
            return (false, ChatCards.Problem("Could not record the acceptance", string.Join(" ", result.Errors)));
        }

        await CloseInvitationAsync(team, person, cancellationToken);
        var text = $"{person.DisplayName} accepted the AI budget framework (version {BudgetAdmin.FrameworkVersion}) for {team.Name}. The gateway now serves {team.Name}'s calls within its budgets.";
        return (true, new OutgoingMessage($"{team.Name} accepted the framework", text, [new TextBlock(text)], [], MessageTone.Good) { Visibility = MessageVisibility.Shared });
    }

    /// <summary>Marks the pending onboarding request approved (ETag-conditioned; a lost race means another accept already closed it).</summary>
    private async Task CloseInvitationAsync(Team team, Person person, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(team.Id, RequestId(team.Id), cancellationToken) is not { Request.State: RequestState.Pending } stored)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (RequestTransitions.Decide(stored.Request, person.Id, Approver.Owner, approve: true, now).Request is { } approved
            && await store.TryReplaceAsync(approved with { AppliedAt = now }, stored.ETag, cancellationToken) is not null)
        {
            await audit.RecordAsync(team.Id, person.Id, "request.approve", stored.Request, approved, cancellationToken);
        }
    }

    private OutgoingMessage Card(Team team, BudgetDirectory directory) =>
        OnboardingCard.Build(team, directory.PoolsOf(team.Id), limits.Value.Policy(), organization.Value.Currency, BudgetAdmin.FrameworkVersion);
}
