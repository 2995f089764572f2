using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Roster;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Admin;

/// <summary>
/// The one way the directory changes: validate, store, audit. The admin API and the policy
/// file both come through here, so a budget kept in git obeys the same rules as one set by hand.
/// </summary>
public sealed class BudgetAdmin(DirectoryStore directory, AuditLog audit, IOptions<OrganizationOptions> organization, TimeProvider time)
{
    /// <summary>The version of the financial framework a team accepts at onboarding.</summary>
    public const string FrameworkVersion = "2026-12";

    /// <summary>The actor of changes the policy file makes: members it names show as "policy" in the team's member sources.</summary>
    public const string PolicyActor = "policy-file";

    public async Task<AdminResult> PutPricesAsync(IReadOnlyList<PriceDto> dtos, string actor, CancellationToken cancellationToken)
    {
        for (var index = 0; index < dtos.Count; index++)
        {
            if (dtos[index] is null)
            {
                return AdminResult.Invalid([$"prices[{index}] is null; send an array of price objects."]);
            }
        }

        var mapped = dtos.Select(AdminMapper.ToPrice).ToList();
        var errors = mapped.SelectMany(m => m.Errors).ToList();
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var prices = mapped.Select(m => m.Price!).ToList();
        await directory.UpsertPricesAsync(prices, cancellationToken);
        await audit.RecordAsync(null, actor, "prices.put", null, prices, cancellationToken);
        return AdminResult.Ok(prices);
    }

    public async Task<AdminResult> PutPersonAsync(string id, PersonDto dto, string actor, CancellationToken cancellationToken)
    {
        var (person, errors) = AdminMapper.ToPerson(id, dto);
        if (person is null)
        {
            return AdminResult.Invalid(errors);
        }

        var before = (await directory.CurrentAsync(d => d.FindPerson(id) is not null, cancellationToken)).FindPerson(id);
        // Accounts the bot linked by email stay linked when an update (or the policy file) names none.
        person = person with
        {
            TeamsAadObjectId = person.TeamsAadObjectId ?? before?.TeamsAadObjectId,
            SlackUserId = person.SlackUserId ?? before?.SlackUserId,
        };
        await directory.UpsertPersonAsync(person, cancellationToken);
        await audit.RecordAsync(null, actor, "person.put", before, person, cancellationToken);
        return AdminResult.Ok(person);
    }

    public async Task<AdminResult> PutTeamAsync(string id, TeamDto dto, string actor, CancellationToken cancellationToken)
    {
        List<string> errors = [];
        var (before, after) = await directory.UpdateTeamAsync(id, stored =>
        {
            (var team, errors) = AdminMapper.ToTeam(id, dto, stored);
            return team is null ? null : team with { MembersNamedBy = actor == PolicyActor ? MemberSources.Policy : MemberSources.Admin };
        }, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        await audit.RecordAsync(id, actor, before is null ? "team.create" : "team.update", before, after, cancellationToken);
        return AdminResult.Ok(after!);
    }

    public async Task<AdminResult> PutPoolAsync(string teamId, string poolId, PoolDto dto, string actor, CancellationToken cancellationToken)
    {
        var current = await directory.CurrentAsync(d => d.FindTeam(teamId) is not null, cancellationToken);
        if (current.FindTeam(teamId) is not { } team)
        {
            return AdminResult.Missing($"Team '{teamId}' does not exist; create it first with PUT /api/v1/teams/{teamId}.");
        }

        var (pool, errors) = AdminMapper.ToPool(team.Id, poolId, dto, organization.Value.Currency);
        if (pool is null)
        {
            return AdminResult.Invalid(errors);
        }

        // A PUT replaces the pool, but under the row's ETag, so "before" is what it replaced, not a stale copy.
        var (before, _) = await directory.UpdatePoolAsync(team.Id, pool.Id, _ => pool, cancellationToken);
        await audit.RecordAsync(team.Id, actor, before is null ? "pool.create" : "pool.update", before, pool, cancellationToken);
        return AdminResult.Ok(pool);
    }

    /// <summary>
    /// Changes a pool for a decision rather than an admin's PUT (an approved increase, a graduated
    /// workflow): <paramref name="change"/> gets the pool as stored now (null if there is none) and is
    /// applied again if another instance wrote the row meanwhile, so two changes at once both land.
    /// Same rules as a PUT, with its own audit action.
    /// </summary>
    public async Task<AdminResult> UpdatePoolAsync(string teamId, string poolId, Func<Pool?, Pool?> change, string actor, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        IReadOnlyList<string> errors = [];
        var (before, after) = await directory.UpdatePoolAsync(teamId, poolId, stored =>
        {
            if (change(stored) is not { } changed)
            {
                return null;
            }

            errors = PoolRules.Validate(changed, organization.Value.Currency);
            return errors.Count == 0 ? changed : null;
        }, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        if (after is null)
        {
            return AdminResult.Missing($"Pool {teamId}/{poolId} no longer exists.");
        }

        if (ReferenceEquals(before, after))
        {
            // Already as asked (a repeated graduation): nothing written, nothing to audit.
            return AdminResult.Ok(after);
        }

        await audit.RecordAsync(after.TeamId, actor, action, before, after, cancellationToken);
        return AdminResult.Ok(after);
    }

    public async Task<AdminResult> RecordOnboardingAsync(string teamId, OnboardingDto dto, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(dto.AcceptedBy))
        {
            return AdminResult.Invalid(["acceptedBy is required: the person id of the owner who accepted the framework."]);
        }

        var acceptance = new OnboardingAcceptance(dto.AcceptedBy, time.GetUtcNow(), FrameworkVersion, dto.Reference);
        AdminResult? refusal = null;
        var (before, after) = await directory.UpdateTeamAsync(teamId, team =>
        {
            refusal = team is null ? AdminResult.Missing($"Team '{teamId}' does not exist.")
                : !team.IsOwner(dto.AcceptedBy) ? AdminResult.Invalid([$"'{dto.AcceptedBy}' is not a budget owner of {team.Name}; only an owner can accept the framework."])
                : null;
            return refusal is null ? team! with { Onboarding = acceptance } : null;
        }, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        await audit.RecordAsync(after!.Id, actor, "onboarding.accept", before!.Onboarding, acceptance, cancellationToken);
        return AdminResult.Ok(after);
    }

    /// <summary>Stops or restarts one workflow of a team (authorize denies a paused workflow). Repeating a change is a no-op, not audited twice.</summary>
    public async Task<AdminResult> SetWorkflowPausedAsync(string teamId, string workflow, bool paused, string actor, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(workflow))
        {
            return AdminResult.Invalid([$"workflow '{workflow}' must be 1-64 letters, digits, '-' or '_'."]);
        }

        var (before, after) = await directory.UpdateTeamAsync(teamId, team =>
        {
            if (team is null || team.IsPaused(workflow) == paused)
            {
                return null;
            }

            string[] workflows = paused
                ? [.. team.PausedWorkflows, workflow]
                : [.. team.PausedWorkflows.Where(w => !string.Equals(w, workflow, StringComparison.OrdinalIgnoreCase))];
            return team with { PausedWorkflows = workflows };
        }, cancellationToken);
        if (before is null)
        {
            return AdminResult.Missing($"Team '{teamId}' does not exist.");
        }

        if (!ReferenceEquals(before, after))
        {
            await audit.RecordAsync(before.Id, actor, paused ? "workflow.pause" : "workflow.resume", before.PausedWorkflows, after!.PausedWorkflows, cancellationToken);
        }

        return AdminResult.Ok(after!);
    }

    /// <summary>Binds a Teams and/or Slack conversation to a team (where its alerts go); a channel not given is kept.</summary>
    public async Task<AdminResult> LinkChannelAsync(string teamId, TeamsChannel? teams, SlackChannel? slack, string actor, CancellationToken cancellationToken)
    {
        if (teams is not null && !OutboundUrl.IsAllowed(teams.ServiceUrl))
        {
            return AdminResult.Invalid(["The Teams conversation's serviceUrl must be https (plain http only on loopback)."]);
        }

        var (before, after) = await directory.UpdateTeamAsync(teamId, team =>
            team is null ? null : team with { Channels = new TeamChannels(teams ?? team.Channels.Teams, slack ?? team.Channels.Slack) },
            cancellationToken);
        if (before is null)
        {
            return AdminResult.Missing($"Team '{teamId}' does not exist.");
        }

        await audit.RecordAsync(before.Id, actor, "team.link", before.Channels, after!.Channels, cancellationToken);
        return AdminResult.Ok(after);
    }
}

/// <summary>The outcome of an admin change.</summary>
public sealed record AdminResult(object? Value, IReadOnlyList<string> Errors, bool NotFound)
{
    public bool Succeeded => Errors.Count == 0 && !NotFound;

    public static AdminResult Ok(object value) => new(value, [], false);

    public static AdminResult Invalid(IReadOnlyList<string> errors) => new(null, errors, false);

    public static AdminResult Missing(string detail) => new(null, [detail], true);
}
