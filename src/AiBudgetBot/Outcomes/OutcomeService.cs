using AiBudgetBot.Admin;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Periods;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Outcomes;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// Every way an outcome is recorded comes through here: validated against the rules
/// (<see cref="OutcomeRules"/>), stored as the next revision of its key (a correction supersedes,
/// the history stays), audited. A member's record from chat waits as pending until an owner
/// confirms it from the card; the owner's own record, the API's and the policy file's count at once.
/// </summary>
public sealed class OutcomeService(
    DirectoryStore directory,
    OutcomeStore store,
    AuditLog audit,
    OutcomeNotifier notifier,
    IOptions<OrganizationOptions> organization,
    TimeProvider time)
{
    public const string RecordAction = "outcome.record";
    public const string CorrectAction = "outcome.correct";
    public const string ProposeAction = "outcome.propose";
    public const string RejectAction = "outcome.reject";

    /// <summary>"yyyy-MM" of today in the organization's zone.</summary>
    public string CurrentMonth() => organization.Value.Calendar().Containing(time.GetUtcNow(), PeriodKind.Monthly).Key;

    /// <summary>Records at once (API, policy file, an owner in chat).</summary>
    public async Task<OutcomeResult> RecordAsync(Outcome outcome, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (team, problem) = await CheckAsync(outcome, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var recorded = await store.RecordAsync(outcome with { TeamId = team!.Id }, null, cancellationToken);
        await AuditAsync(recorded, actor, cancellationToken);
        return OutcomeResult.Recorded(recorded);
    }

    /// <summary>
    /// An outcome kept in the policy file, applied at every start: recorded when it is new or
    /// differs from the current revision, left alone when unchanged (a restart is not a correction).
    /// </summary>
    public async Task<OutcomeResult> RecordFromPolicyAsync(string teamId, OutcomeDto dto, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dto);
        if (dto.Month is null || dto.Metric is null || dto.Value is null)
        {
            return OutcomeResult.Invalid(["month (yyyy-MM), metric and value are required."]);
        }

        var outcome = new Outcome(teamId, dto.Month, dto.Workflow?.ToLowerInvariant(), dto.Metric.ToLowerInvariant(), dto.Value.Value, actor, time.GetUtcNow(), dto.Unit, dto.Baseline, dto.Note);
        if (OutcomeRules.ParseMonth(outcome.Month) is not null)
        {
            var current = (await store.ForMonthAsync(teamId, outcome.Month, cancellationToken)).FirstOrDefault(o => o.Key == outcome.Key);
            if (current is not null && current.Value == outcome.Value && current.Unit == outcome.Unit && current.Baseline == outcome.Baseline && current.Note == outcome.Note)
            {
                return OutcomeResult.Recorded(new RecordedOutcome(current, null));
            }
        }

        return await RecordAsync(outcome, actor, cancellationToken);
    }

    /// <summary>A member's record: kept pending, and the team's owners get a card to confirm or reject it.</summary>
    public async Task<OutcomeResult> ProposeAsync(Outcome outcome, BudgetDirectory snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(snapshot);
        var (team, problem) = await CheckAsync(outcome, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var id = Guid.NewGuid().ToString("N")[..12];
        var pending = outcome with { TeamId = team!.Id };
        await store.AddPendingAsync(id, pending, cancellationToken);
        await audit.RecordAsync(team.Id, outcome.RecordedBy, ProposeAction, null, pending, cancellationToken);
        var subject = SubjectId(team.Id, id);
        await notifier.SendAsync(team.Id, subject, "proposed", OutcomeCards.Pending(subject, pending, team, snapshot, organization.Value.Currency), cancellationToken);
        return OutcomeResult.Proposed(subject, pending);
    }

    /// <summary>An owner's click on a pending record's card; the answer says what happened (or why not).</summary>
    public async Task<PendingDecision> DecideAsync(Person person, BudgetDirectory snapshot, string subjectId, bool confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(snapshot);
        var currency = organization.Value.Currency;
        var (teamId, id) = ParseSubject(subjectId);
        if (teamId is null || snapshot.FindTeam(teamId) is not { } team)
        {
            return PendingDecision.Note("This outcome's team no longer exists, so nothing was recorded.");
        }

        if (await store.PendingAsync(team.Id, id!, cancellationToken) is not { } pending)
        {
            return PendingDecision.Note("I can't find this outcome any more, so nothing was recorded.");
        }

        if (pending.State != PendingStates.Pending)
        {
            return PendingDecision.Done(OutcomeCards.Decided(pending, team, snapshot, currency), $"Already {pending.State} by {NameOf(snapshot, pending.DecidedBy)}.");
        }

        if (!team.IsOwner(person.Id))
        {
            return PendingDecision.Note($"Only {team.Name}'s budget owners confirm its outcomes. Nothing was recorded.");
        }

        var now = time.GetUtcNow();
        if (!confirm)
        {
            if (!await store.RejectAsync(pending, person.Id, now, cancellationToken))
            {
                return await AlreadyDecidedAsync(team, id!, snapshot, cancellationToken);
            }

            await audit.RecordAsync(team.Id, person.Id, RejectAction, pending.Outcome, null, cancellationToken);
            var rejected = pending with { State = PendingStates.Rejected, DecidedBy = person.Id };
            return PendingDecision.Done(OutcomeCards.Decided(rejected, team, snapshot, currency), null);
        }

        // Checked again at confirmation: the month may have ended or the team shrunk since.
        var errors = OutcomeRules.Validate(pending.Outcome, pending.Outcome.Month, Headcount(team));
        if (errors.Count > 0)
        {
            return PendingDecision.Note("This outcome can no longer be recorded: " + string.Join(" ", errors));
        }

        try
        {
            var recorded = await store.RecordAsync(pending.Outcome, new PendingClaim(pending.Row, person.Id, now), cancellationToken);
            await AuditAsync(recorded, person.Id, cancellationToken);
            var confirmed = pending with { State = PendingStates.Confirmed, DecidedBy = person.Id };
            return PendingDecision.Done(OutcomeCards.Decided(confirmed, team, snapshot, currency), null);
        }
        catch (PendingAlreadyDecidedException)
        {
            return await AlreadyDecidedAsync(team, id!, snapshot, cancellationToken);
        }
    }

    public static string SubjectId(string teamId, string id) => $"{teamId.ToLowerInvariant()}:{id}";

    /// <summary>Owners and members: hours saved cannot exceed the month's hours for each of them.</summary>
    public static int Headcount(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return team.AllMembers.Count;
    }

    private async Task<PendingDecision> AlreadyDecidedAsync(Team team, string id, BudgetDirectory snapshot, CancellationToken cancellationToken)
    {
        var now = await store.PendingAsync(team.Id, id, cancellationToken);
        return now is null
            ? PendingDecision.Note("Someone else decided this outcome first.")
            : PendingDecision.Done(OutcomeCards.Decided(now, team, snapshot, organization.Value.Currency), $"Already {now.State} by {NameOf(snapshot, now.DecidedBy)}.");
    }

    private async Task<(Team? Team, OutcomeResult? Problem)> CheckAsync(Outcome outcome, CancellationToken cancellationToken)
    {
        // A team just created on another instance is read through, not refused.
        var snapshot = await directory.CurrentAsync(d => d.FindTeam(outcome.TeamId) is not null, cancellationToken);
        if (snapshot.FindTeam(outcome.TeamId) is not { } team)
        {
            return (null, OutcomeResult.Missing($"Team '{outcome.TeamId}' does not exist; record outcomes for a team the bot knows."));
        }

        var errors = OutcomeRules.Validate(outcome, CurrentMonth(), Headcount(team));
        return errors.Count > 0 ? (team, OutcomeResult.Invalid(errors)) : (team, null);
    }

    private Task AuditAsync(RecordedOutcome recorded, string actor, CancellationToken cancellationToken) =>
        recorded.Superseded is null
            ? audit.RecordAsync(recorded.Outcome.TeamId, actor, RecordAction, null, recorded.Outcome, cancellationToken)
            : audit.RecordAsync(recorded.Outcome.TeamId, actor, CorrectAction, recorded.Superseded, recorded.Outcome, cancellationToken);

    private static (string? Team, string? Id) ParseSubject(string subjectId)
    {
        var cut = subjectId.IndexOf(':', StringComparison.Ordinal);
        return cut <= 0 || cut == subjectId.Length - 1 ? (null, null) : (subjectId[..cut], subjectId[(cut + 1)..]);
    }

    private static string NameOf(BudgetDirectory snapshot, string? personId) =>
        personId is null ? "someone" : snapshot.FindPerson(personId)?.DisplayName ?? personId;
}

/// <summary>What recording did: recorded (with what it superseded), proposed (pending id), or why not.</summary>
public sealed record OutcomeResult(bool Succeeded, bool NotFound, IReadOnlyList<string> Errors, RecordedOutcome? Outcome, string? PendingId, Outcome? Pending)
{
    public static OutcomeResult Recorded(RecordedOutcome outcome) => new(true, false, [], outcome, null, null);

    public static OutcomeResult Proposed(string pendingId, Outcome pending) => new(true, false, [], null, pendingId, pending);

    public static OutcomeResult Invalid(IReadOnlyList<string> errors) => new(false, false, errors, null, null, null);

    public static OutcomeResult Missing(string error) => new(false, true, [error], null, null, null);
}

/// <summary>The answer to a click on a pending outcome: the card in its new state and/or a note for the clicker.</summary>
public sealed record PendingDecision(Core.Conversation.OutgoingMessage? Card, string? PrivateNote)
{
    public static PendingDecision Note(string note) => new(null, note);

    public static PendingDecision Done(Core.Conversation.OutgoingMessage card, string? note) => new(card, note);
}
