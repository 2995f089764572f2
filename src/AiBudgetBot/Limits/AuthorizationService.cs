using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Telemetry;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Limits;

/// <summary>
/// The gateway's question before every model call: may this team spend this much now?
/// Checks cost nothing first (team, onboarding, paused workflow), then decides from this
/// instance's budget lease while it covers the estimate (memory speed), and otherwise reserves
/// the estimate against the durable ledger, call by call (near the limit, every call).
/// </summary>
public sealed class AuthorizationService(DirectoryStore directory, LedgerWriter writer, PartitionContexts contexts, IOptions<LimitsOptions> limits, BotMetrics metrics, TimeProvider time)
{
    public async Task<AuthorizeResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = BotActivities.Source.StartActivity("authorize");
        AuthorizeResult result;
        try
        {
            result = await DecideAsync(request, cancellationToken);
        }
        catch (Storage.StoreUnavailableException)
        {
            // Not a decision of ours, but an operator must see authorize answering 503.
            metrics.AuthorizeDecided("unavailable", "store-unavailable", AuthorizePaths.Ledger, BotMetrics.Since(started));
            throw;
        }

        activity?.SetTag("aibudget.decision", result.Decision).SetTag("aibudget.reason", result.Reason);
        if (result.Error is null)
        {
            metrics.AuthorizeDecided(result.Decision, result.Reason, result.Path, BotMetrics.Since(started));
        }

        return result;
    }

    private async Task<AuthorizeResult> DecideAsync(AuthorizeRequest request, CancellationToken cancellationToken)
    {
        // Everything the request names must be known, or the store is asked before answering no.
        var modelDate = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var snapshot = await directory.CurrentAsync(
            d => d.FindTeam(request.Team) is { } known
                && (request.Pool is null ? d.PoolsOf(known.Id).Count > 0 : d.FindPool(known.Id, request.Pool) is not null)
                && (request.EstimatedCost is not null || d.Prices.Find(request.Model ?? "", modelDate) is not null),
            cancellationToken);
        if (snapshot.FindTeam(request.Team) is not { } team)
        {
            return AuthorizeResult.Deny(DecisionReasons.UnknownTeam, null);
        }

        if (!team.IsOnboarded)
        {
            return AuthorizeResult.Deny(DecisionReasons.NotOnboarded, null);
        }

        if (team.IsPaused(request.Workflow))
        {
            return AuthorizeResult.Deny(DecisionReasons.WorkflowPaused, null);
        }

        var now = time.GetUtcNow();
        var (pool, routeError) = PoolRouter.Route(snapshot.PoolsOf(team.Id), request.Pool, request.Workflow, contexts.Calendar.LocalDate(now));
        if (pool is null)
        {
            return AuthorizeResult.Invalid(routeError!);
        }

        decimal amount;
        if (request.EstimatedCost is { } cost)
        {
            amount = cost;
        }
        else if (snapshot.Prices.Find(request.Model ?? "", DateOnly.FromDateTime(now.UtcDateTime)) is { } price)
        {
            amount = PriceCatalog.Cost(price, new TokenCounts(request.EstimatedInputTokens ?? 0, request.EstimatedOutputTokens ?? 0, 0));
        }
        else
        {
            return AuthorizeResult.Invalid($"cost unknown: give estimatedCost, or a model from the price catalog ('{request.Model}' is not) with estimatedInputTokens and estimatedOutputTokens.");
        }

        amount = new Core.Money.Money(amount, pool.Amount.Currency).RoundToMicros().Amount;
        var context = contexts.For(team, pool, now, now);
        var requestId = request.RequestId ?? Guid.NewGuid().ToString("N");
        var holdFor = TimeSpan.FromMinutes(limits.Value.ReservationMinutes);
        var teamId = team.Id;
        var poolId = pool.Id;
        var leased = limits.Value.Leases.Enabled
            ? writer.TryLeased(requestId, amount, holdFor, context, (at, ct) => RefreshAsync(teamId, poolId, context.Partition, at, ct))
            : null;
        var decision = leased ?? await writer.ReserveAsync(requestId, amount, request.Workflow, holdFor, context, cancellationToken);
        return new AuthorizeResult(
            decision.Allowed ? "allow" : "deny",
            decision.Reason,
            pool.Id,
            decision.Remaining,
            decision.OverrideId,
            decision.Allowed ? requestId : null,
            null)
        {
            Path = leased is null ? AuthorizePaths.Ledger : AuthorizePaths.Lease,
        };
    }

    /// <summary>
    /// The pool's context as the directory says now, for a lease renewal; null when the team was
    /// removed or is no longer onboarded, the pool is gone, or its period has rolled over: the
    /// lease is then given back.
    /// </summary>
    private async ValueTask<Storage.Ledger.PartitionContext?> RefreshAsync(string teamId, string poolId, string partition, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var snapshot = await directory.CurrentAsync(cancellationToken);
        if (snapshot.FindTeam(teamId) is not { IsOnboarded: true } team || snapshot.FindPool(teamId, poolId) is not { } pool)
        {
            return null;
        }

        var context = contexts.For(team, pool, at, at);
        return context.Partition == partition ? context : null;
    }
}

/// <summary>The body of <c>POST /api/v1/authorize</c> (CONTRACT.md, "A decision").</summary>
public sealed record AuthorizeRequest(
    string Team,
    string? User,
    string? Workflow,
    string? Model,
    decimal? EstimatedCost,
    long? EstimatedInputTokens,
    long? EstimatedOutputTokens,
    string? Pool,
    string? RequestId);

/// <summary>The decision; <see cref="Error"/> is set instead when the request itself is wrong (400).</summary>
public sealed record AuthorizeResult(string Decision, string Reason, string? Pool, decimal? Remaining, string? OverrideId, string? ReservationId, string? Error)
{
    /// <summary>Where the decision was made (<see cref="AuthorizePaths"/>), for metrics; not part of the answer.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Path { get; init; } = AuthorizePaths.Directory;

    public static AuthorizeResult Deny(string reason, string? pool) => new("deny", reason, pool, null, null, null, null);

    public static AuthorizeResult Invalid(string error) => new("deny", "", null, null, null, null, error);
}

/// <summary>Where an authorize was decided: the <c>path</c> label of its metrics.</summary>
public static class AuthorizePaths
{
    /// <summary>Before the ledger: unknown team, not onboarded, paused workflow, bad request.</summary>
    public const string Directory = "directory";

    /// <summary>In memory, from this instance's budget lease.</summary>
    public const string Lease = "lease";

    /// <summary>Against the ledger row: a conditioned write, or a denial from the writer's copy.</summary>
    public const string Ledger = "ledger";
}
