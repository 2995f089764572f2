using System.Globalization;
using AiBudgetBot.Core.Connectors;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Limits;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Storage.Outbox;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Connectors.LiteLlm;

/// <summary>
/// Keeps LiteLLM's team blocks in step with our hard limits. Every few seconds it reads each
/// team's default pool (where calls without a workflow spend) for the current period and
/// decides blocked or not (<see cref="EnforcementRule"/>); a change from what LiteLLM was last
/// told is a transition, queued through the outbox with the new state in one transaction. A
/// crash or a LiteLLM outage therefore delays the call, never loses or repeats it.
/// </summary>
public sealed class LiteLlmEnforcer(
    DirectoryStore directory,
    LedgerReader ledger,
    PartitionContexts contexts,
    Tables tables,
    OutboxSignal signal,
    IOptions<ConnectorsOptions> options,
    TimeProvider time,
    ILogger<LiteLlmEnforcer> logger) : BackgroundService
{
    public const string BlockKind = "litellm-block";
    public const string UnblockKind = "litellm-unblock";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.LiteLlm;
        if (!settings.Enforce)
        {
            return;
        }

        var every = TimeSpan.FromSeconds(Math.Max(1, settings.CheckSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or StoreUnavailableException or HttpRequestException)
            {
                logger.LogWarning(e, "LiteLLM enforcement check failed; trying again in {Seconds} s", every.TotalSeconds);
            }

            await Task.Delay(every, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Queues the transitions that are due now; returns how many this instance queued.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.LiteLlm;
        if (!settings.Enforce)
        {
            return 0;
        }

        var snapshot = await directory.CurrentAsync(cancellationToken);
        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        var now = time.GetUtcNow();
        var today = contexts.Calendar.LocalDate(now);
        var queued = 0;
        var fresh = false;
        foreach (var listed in snapshot.Teams.ToList())
        {
            var partition = OutboxPartitions.Requests(listed.Id);
            var row = (await table.GetEntityIfExistsAsync<TableEntity>(partition, EnforcementRows.RowKey, cancellationToken: cancellationToken)) is { HasValue: true } found ? found.Value : null;
            if (await DesiredAsync(snapshot, listed.Id, now, today, cancellationToken) is not { } seen || seen.Blocked == EnforcementRows.Blocked(row))
            {
                continue;
            }

            // A transition is decided on the directory as stored, not on a snapshot that may be
            // seconds old: two instances with snapshots of different ages would otherwise flap.
            if (!fresh)
            {
                directory.Invalidate();
                snapshot = await directory.CurrentAsync(cancellationToken);
                fresh = true;
            }

            if (await DesiredAsync(snapshot, listed.Id, now, today, cancellationToken) is not { } desired || desired.Blocked == EnforcementRows.Blocked(row))
            {
                continue;
            }

            var (team, pool, context, state, blocked) = desired;
            var liteLlmTeam = settings.LiteLlmTeamOf(team.Id);
            var reason = blocked
                ? $"{team.Name}'s {pool.Id} pool reached its hard limit ({context.Limits.Hard.ToString("0.00", CultureInfo.InvariantCulture)} {state.Currency}) for {context.Period.Key}."
                : $"{team.Name}'s {pool.Id} pool has headroom again for {context.Period.Key} (an override, an increase or a new period).";
            var next = EnforcementRows.Next(partition, row, blocked, liteLlmTeam, reason, now);
            var generation = next.GetInt64("Generation")!.Value;
            var kind = blocked ? BlockKind : UnblockKind;
            var notification = new OutboundNotification(
                $"{kind}-{team.Id.ToLowerInvariant()}-{generation.ToString(CultureInfo.InvariantCulture)}",
                kind,
                team.Id,
                pool.Id,
                context.Period.Key,
                OutgoingMessage.Plain(blocked ? $"{team.Name} is blocked in LiteLLM" : $"{team.Name} is unblocked in LiteLLM", reason),
                new Dictionary<string, object?> { ["liteLlmTeam"] = liteLlmTeam, ["generation"] = generation, ["blocked"] = blocked });
            var actions = new List<TableTransactionAction>
            {
                row is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, next)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, row.ETag),
                new(TableTransactionActionType.Add, OutboxRows.ToEntity(partition, notification, now)),
            };
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                queued++;
                signal.Notify(partition);
                logger.LogInformation("LiteLLM {Kind} of team {Team} queued (generation {Generation}; spent {Spent} of hard limit {Hard} in {Partition})", kind, liteLlmTeam, generation, state.Spent, context.Limits.Hard, context.Partition);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance queued this transition first.
            }
        }

        return queued;
    }

    private async Task<Desired?> DesiredAsync(Core.Budgets.BudgetDirectory snapshot, string teamId, DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        if (snapshot.FindTeam(teamId) is not { } team || PoolRouter.Route(snapshot.PoolsOf(team.Id), null, null, today).Pool is not { } pool)
        {
            return null;
        }

        var context = contexts.For(team, pool, now, now);
        var state = await ledger.ReadAsync(team.Id, pool.Id, context.Period.Key, cancellationToken);
        return new Desired(team, pool, context, state, EnforcementRule.ShouldBlock(state, context.Limits, now));
    }

    private sealed record Desired(Core.Budgets.Team Team, Core.Budgets.Pool Pool, PartitionContext Context, LedgerState State, bool Blocked);
}
