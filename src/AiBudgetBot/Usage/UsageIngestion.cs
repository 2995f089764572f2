using AiBudgetBot.Core.Spend;
using AiBudgetBot.Limits;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Telemetry;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Usage;

/// <summary>
/// Counts a batch of usage events: evaluates each against the directory, hands the countable
/// ones to their partitions' writers all at once (so they batch), and reports per item.
/// </summary>
public sealed class UsageIngestion(DirectoryStore directory, LedgerWriter writer, PartitionContexts contexts, IOptions<OrganizationOptions> organization, BotMetrics metrics, TimeProvider time)
{
    /// <param name="items">Parsed events, or the parse errors of items that could not be read.</param>
    /// <exception cref="Storage.StoreUnavailableException">Some accepted event could not be made durable.</exception>
    public async Task<IngestionResult> IngestAsync(IReadOnlyList<ParsedItem> items, CancellationToken cancellationToken)
    {
        using var activity = BotActivities.Source.StartActivity("usage.ingest");
        // A team, pool or model the snapshot lacks is looked up in the store before the event is refused.
        var snapshot = await directory.CurrentAsync(d => items.All(i => i.Event is not { } e || Knows(d, e)), cancellationToken);
        var evaluator = new UsageEvaluator(snapshot, contexts.Calendar, organization.Value.Currency);
        var now = time.GetUtcNow();
        var rejected = new List<RejectedItem>();
        var writes = new List<Task<LedgerOutcome>>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            if (item.Event is null)
            {
                rejected.Add(new RejectedItem(index, item.Id, item.Errors));
                continue;
            }

            var evaluation = evaluator.Evaluate(item.Event, now);
            if (evaluation.Event is { } counted)
            {
                var team = snapshot.FindTeam(counted.Event.TeamId)!;
                var context = contexts.For(team, snapshot.FindPool(team.Id, counted.PoolId)!, counted.Event.Timestamp, now);
                writes.Add(writer.CountAsync(counted, context, CancellationToken.None));
            }
            else
            {
                rejected.Add(new RejectedItem(index, item.Id, evaluation.Errors));
            }
        }

        // Every write completes on its own; wait for all before answering so that a 200 means durable.
        var outcomes = await Task.WhenAll(writes);
        var result = new IngestionResult(
            outcomes.Count(o => o == LedgerOutcome.Accepted),
            outcomes.Count(o => o == LedgerOutcome.Duplicate),
            rejected);
        metrics.UsageEvents("accepted", result.Accepted);
        metrics.UsageEvents("duplicate", result.Duplicates);
        metrics.UsageEvents("rejected", rejected.Count);
        activity?.SetTag("aibudget.events", items.Count).SetTag("aibudget.accepted", result.Accepted).SetTag("aibudget.duplicates", result.Duplicates).SetTag("aibudget.rejected", rejected.Count);
        return result;
    }

    private static bool Knows(Core.Budgets.BudgetDirectory directory, UsageEvent usage)
    {
        if (string.IsNullOrWhiteSpace(usage.TeamId))
        {
            return true;
        }

        return directory.FindTeam(usage.TeamId) is { } team
            && (usage.PoolId is null || directory.FindPool(team.Id, usage.PoolId) is not null)
            && (usage.Cost is not null || string.IsNullOrWhiteSpace(usage.Model)
                || directory.Prices.Find(usage.Model, DateOnly.FromDateTime(usage.Timestamp.UtcDateTime)) is not null);
    }
}

/// <summary>One item of a usage request as read from the wire.</summary>
public sealed record ParsedItem(UsageEvent? Event, string? Id, IReadOnlyList<string> Errors);

/// <summary>The answer to a usage request (CONTRACT.md).</summary>
public sealed record IngestionResult(int Accepted, int Duplicates, IReadOnlyList<RejectedItem> Rejected);

public sealed record RejectedItem(int Index, string? Id, IReadOnlyList<string> Errors);
