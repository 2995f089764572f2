using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Digests;
using AiBudgetBot.Organization;
using AiBudgetBot.Outcomes;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Outbox;
using AiBudgetBot.Storage.Requests;
using Azure;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Digests;

/// <summary>
/// Builds the weekly digest and the monthly reviews from aggregates and queues them in the
/// outbox, which delivers each to every channel once (finance's Teams and Slack channels and the
/// webhook for the digest; each team's channel for its review). The outbox row key is the
/// notification id, so a retried run never queues one twice; a forced run queues a fresh copy.
/// </summary>
public sealed class DigestService(
    DirectoryStore directory,
    DigestReader reader,
    RequestStore requests,
    Tables tables,
    OutboxSignal signal,
    IOptions<OrganizationOptions> organization,
    IOptions<AnalyticsOptions> analytics,
    FinanceChannels finance,
    ITeamRoi returns,
    TimeProvider time)
{
    /// <summary>How far back requests are read for "granted this week": longer than any request stays pending.</summary>
    private static readonly TimeSpan RequestLookBack = TimeSpan.FromDays(45);

    /// <summary>The weekly digest as it would be sent now for <paramref name="week"/> ("2026-W49", the week just ended).</summary>
    public async Task<OutboundNotification> BuildWeeklyAsync(string week, CancellationToken cancellationToken)
    {
        var first = DigestSlots.WeekStart(week) ?? throw new ArgumentException($"'{week}' is not an ISO week (yyyy-Www).", nameof(week));
        var calendar = organization.Value.Calendar();
        var now = time.GetUtcNow();
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var month = calendar.Containing(now, Core.Periods.PeriodKind.Monthly);
        var previous = calendar.Month(month.FirstDay.AddMonths(-1).Year, month.FirstDay.AddMonths(-1).Month);
        var teams = await reader.CurrentAsync(snapshot, now, cancellationToken);
        var recent = (await requests.RecentAsync(calendar.StartOfDay(first) - RequestLookBack, cancellationToken)).Select(r => r.Request).ToList();
        var roi = await returns.ForAllTeamsAsync(returns.LastFullMonth(), cancellationToken);
        return WeeklyDigest.Build(new WeeklyDigestInput(
            week, first, first.AddDays(6), calendar.LocalDate(now), month, previous, organization.Value.Currency, teams, recent, calendar, roi));
    }

    public async Task<DigestRun> SendWeeklyAsync(string week, bool fresh, CancellationToken cancellationToken)
    {
        var digest = await BuildWeeklyAsync(week, cancellationToken);
        await QueueAsync(OutboxPartitions.Digests, digest, fresh, cancellationToken);
        return new DigestRun(finance.Configured(), (await directory.CurrentAsync(cancellationToken)).Teams.Count());
    }

    /// <summary>One review per team with pools in <paramref name="month"/> ("2026-11"), each to its team's channel.</summary>
    public async Task<IReadOnlyList<OutboundNotification>> BuildMonthlyAsync(string month, CancellationToken cancellationToken)
    {
        var first = DigestSlots.MonthStart(month) ?? throw new ArgumentException($"'{month}' is not a month (yyyy-MM).", nameof(month));
        var calendar = organization.Value.Calendar();
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var inputs = await reader.MonthAsync(snapshot, calendar.Month(first.Year, first.Month), analytics.Value.Settings(), cancellationToken);
        return [.. inputs.Select(MonthlyReview.Build)];
    }

    public async Task<DigestRun> SendMonthlyAsync(string month, bool fresh, CancellationToken cancellationToken)
    {
        var reviews = await BuildMonthlyAsync(month, cancellationToken);
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var channels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var review in reviews)
        {
            await QueueAsync(OutboxPartitions.Requests(review.TeamId), review, fresh, cancellationToken);
            if (snapshot.FindTeam(review.TeamId) is { } team)
            {
                channels.UnionWith(finance.OfTeam(team));
            }
        }

        return new DigestRun([.. channels], reviews.Count);
    }

    private async Task QueueAsync(string partition, OutboundNotification notification, bool fresh, CancellationToken cancellationToken)
    {
        if (fresh)
        {
            // A forced run is a new message: its own id, so it neither collides with nor replaces the first.
            notification = notification with { Id = $"{notification.Id}|{time.GetUtcNow().ToUnixTimeMilliseconds()}" };
        }

        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        try
        {
            await table.AddEntityAsync(OutboxRows.ToEntity(partition, notification, time.GetUtcNow()), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Queued by an earlier try of this run: the outbox delivers it once.
        }

        signal.Notify(partition);
    }
}

/// <summary>What a digest run reached: the channels it was queued for and how many teams it covered.</summary>
public sealed record DigestRun(IReadOnlyList<string> Channels, int Teams);
