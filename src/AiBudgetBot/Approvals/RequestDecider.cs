using AiBudgetBot.Admin;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Requests;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Approvals;

/// <summary>
/// An Approve or Deny click. Who may decide is read from the directory now; the decision is
/// written under the row's ETag, so of a double click or two approvers at once exactly one
/// lands and the other is told who decided. Then the effect is carried out, the requester
/// told, and the next step's deciders sent a card.
/// </summary>
public sealed class RequestDecider(
    RequestStore store,
    RequestEffects effects,
    RequestNotifier notifier,
    RequestEvidenceReader evidence,
    AuditLog audit,
    IOptions<OrganizationOptions> organization,
    TimeProvider time,
    ILogger<RequestDecider> logger)
{
    private string Currency => organization.Value.Currency;

    public async Task<ActionOutcome> DecideAsync(ActionContext context, string requestId, bool approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.Directory;
        var cut = requestId.LastIndexOf(':');
        var team = cut > 0 ? directory.FindTeam(requestId[..cut]) : null;
        var stored = team is null ? null : await store.GetAsync(team.Id, requestId, cancellationToken);
        if (team is null || stored is null)
        {
            return new ActionOutcome(null, "I can't find this request any more, so nothing was decided.");
        }

        var request = stored.Request;
        if (request.State != RequestState.Pending)
        {
            return new ActionOutcome(RequestCards.Decided(request, team, directory, Currency), LoserNote(request, directory, team));
        }

        var check = DeciderRules.Check(request, context.Person, team);
        if (!check.Allowed)
        {
            var who = RequestCards.DeciderNames(request.CurrentStep!.Value, team, directory);
            return new ActionOutcome(null, $"{check.Refusal} Nothing was decided. This step is for {who}.");
        }

        var now = time.GetUtcNow();
        var transition = RequestTransitions.Decide(request, context.Person.Id, check.Capacity!.Value, approve, now);
        if (transition.Request is not { } decided)
        {
            return new ActionOutcome(null, transition.Refusal);
        }

        if (decided is { State: RequestState.Approved, Kind: RequestKind.Increase } && directory.FindPool(team.Id, decided.PoolId) is { } pool)
        {
            // Fixed at approval, so carrying the increase out again sets the same limit.
            decided = decided with { BaseAmount = pool.Amount.Amount };
        }

        if (await store.TryReplaceAsync(decided, stored.ETag, cancellationToken) is not { } etag)
        {
            // Someone decided between our read and our write: theirs stands.
            var winner = (await store.GetAsync(team.Id, requestId, cancellationToken))?.Request ?? request;
            return new ActionOutcome(winner.State == RequestState.Pending ? null : RequestCards.Decided(winner, team, directory, Currency), LoserNote(winner, directory, team));
        }

        var action = decided.State switch
        {
            RequestState.Approved => "request.approve",
            RequestState.Denied => "request.deny",
            _ => "request.approve-step",
        };
        await audit.RecordAsync(team.Id, context.Person.Id, action, request, decided, cancellationToken);

        string? problem = null;
        if (decided.State == RequestState.Approved)
        {
            (decided, problem) = await ApplyAsync(decided, etag, team, directory, cancellationToken);
        }

        if (decided.State == RequestState.Pending)
        {
            var facts = directory.FindPool(team.Id, decided.PoolId) is { } p ? await evidence.ReadAsync(directory, team, p, cancellationToken) : null;
            var card = RequestCards.Pending(decided, team, directory, facts, Currency);
            await notifier.SendAsync(RequestNotifier.RequestKind, $"step{decided.ApprovedSteps}", decided, card, cancellationToken);
            return new ActionOutcome(card, $"You approved the owner step. It now waits for {RequestCards.DeciderNames(decided.CurrentStep!.Value, team, directory)}; I sent them the card.");
        }

        await notifier.SendAsync(RequestNotifier.DecisionKind, "final", decided, RequestCards.ForRequester(decided, team, directory, Currency), cancellationToken);
        var note = $"You {(approve ? "approved" : "denied")} {RequestCards.NameOf(directory, decided.RequesterId)}'s request; they have been told."
            + (problem is null ? "" : $" It could not be carried out yet ({problem}); I will retry.");
        return new ActionOutcome(RequestCards.Decided(decided, team, directory, Currency), note);
    }

    private async Task<(BudgetRequest Request, string? Problem)> ApplyAsync(BudgetRequest approved, Azure.ETag etag, Team team, BudgetDirectory directory, CancellationToken cancellationToken)
    {
        try
        {
            var result = await effects.ApplyAsync(approved, team, directory, cancellationToken);
            if (!result.Applied)
            {
                // Waiting (next period) or failed: the expiry job carries it out later.
                return (approved, result.Problem);
            }

            var applied = approved with { AppliedAt = time.GetUtcNow() };
            await store.TryReplaceAsync(applied, etag, cancellationToken);
            return (applied, null);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or Storage.StoreUnavailableException or HttpRequestException)
        {
            logger.LogWarning(e, "Approved request {Request} could not be carried out now; the expiry job retries", approved.Id);
            return (approved, "the store was unavailable");
        }
    }

    /// <summary>What the second clicker reads: who decided and when.</summary>
    internal static string LoserNote(BudgetRequest current, BudgetDirectory directory, Team team)
    {
        if (current.State == RequestState.Pending)
        {
            var last = current.LastDecision;
            return last is null
                ? "This request changed while you clicked; please look at it again."
                : $"{RequestCards.NameOf(directory, last.PersonId)} already approved this step; it now waits for {RequestCards.DeciderNames(current.CurrentStep!.Value, team, directory)}.";
        }

        return current.FinalDecision is { } final
            ? $"Already {RequestTransitions.Describe(current.State)} by {RequestCards.NameOf(directory, final.PersonId)} at {final.At:yyyy-MM-dd HH:mm} UTC; your click changed nothing."
            : $"This request is already {RequestTransitions.Describe(current.State)}; your click changed nothing.";
    }
}
