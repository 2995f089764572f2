using AiBudgetBot.Core.Connectors;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Billing;
using AiBudgetBot.Usage;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// One run of a provider's cost poller (jobs <c>openai-costs</c>, <c>anthropic-costs</c>): reads
/// the buckets since the start of last month, keeps the complete ones (ended at least
/// <c>Connectors:SettleHours</c> ago) and records each line as billed. In <c>ingest</c> mode a
/// mapped line also becomes usage with an id derived from bucket, project and line item; a
/// revised line books only the difference, as a correction. Bookings are written ahead on the
/// billed row, so a crash between counting and recording finishes the same booking next run.
/// </summary>
public sealed class CostPoller(UsageIngestion ingestion, BilledStore billed, IOptions<ConnectorsOptions> options, IOptions<OrganizationOptions> organization, TimeProvider time, ILogger<CostPoller> logger)
{
    public async Task<CostPollReport> PollAsync(CostApiClient client, CostApiOptions settings, CancellationToken cancellationToken)
    {
        var report = new CostPollReport { Provider = client.Provider, Mode = settings.Mode.ToString().ToLowerInvariant() };
        if (settings.AdminKey is not { Length: > 0 })
        {
            report.Error = $"{client.Provider} is not configured (no admin key); nothing was read.";
            return report;
        }

        var calendar = organization.Value.Calendar();
        var now = time.GetUtcNow();
        var today = calendar.LocalDate(now);
        var from = calendar.StartOfDay(new DateOnly(today.Year, today.Month, 1).AddMonths(-1));
        var settledBefore = now.AddHours(-Math.Max(0, options.Value.SettleHours));
        var fetch = await client.FetchAsync(new Uri(settings.BaseUrl.EndsWith('/') ? settings.BaseUrl : settings.BaseUrl + "/"), from, cancellationToken);
        report.Pages = fetch.Pages;
        report.Error = fetch.Error;
        report.ErrorStatus = fetch.ErrorStatus;
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in fetch.Lines)
        {
            report.Lines++;
            if (line.End > settledBefore)
            {
                report.Unsettled++;
                continue;
            }

            if (!string.Equals(line.Currency, organization.Value.Currency, StringComparison.OrdinalIgnoreCase))
            {
                report.Problems.Add($"{line.Project ?? "(no project)"} {line.LineItem}: {line.Currency} differs from the organization's {organization.Value.Currency}; not recorded.");
                continue;
            }

            var team = line.Project is not null && settings.Mapping.TryGetValue(line.Project, out var mapped) ? mapped : null;
            if (team is null)
            {
                unmapped.Add(line.Project ?? "(no project)");
            }

            await RecordAsync(client.Provider, settings.Mode, line, team, calendar, report, cancellationToken);
        }

        report.Unmapped = [.. unmapped];
        if (unmapped.Count > 0)
        {
            logger.LogWarning("{Provider} reported spend of unmapped projects {Projects}: map them to teams in Connectors:{Section}", client.Provider, string.Join(", ", unmapped), client.Provider == "openai" ? "OpenAI:Projects" : "Anthropic:Workspaces");
        }

        return report;
    }

    private async Task RecordAsync(string provider, CostMode mode, CostLine line, string? team, Core.Periods.PeriodCalendar calendar, CostPollReport report, CancellationToken cancellationToken)
    {
        var lineId = ProviderUsageIds.Bucket(provider, line.Start, line.Project, line.LineItem);
        var month = calendar.LocalDate(line.Start).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var amount = new Money(line.Amount, organization.Value.Currency).ToMicros();
        var existing = await billed.FindAsync(month, provider, lineId, cancellationToken);
        var row = new BilledLine(lineId, provider, month, line.Start, team, line.Project, line.Model, amount, provider + "-costs", existing?.BookedMicros, existing?.PendingMicros);
        if (mode == CostMode.Reconcile || team is null)
        {
            await billed.UpsertAsync(row with { PendingMicros = null }, cancellationToken);
            report.Recorded++;
            return;
        }

        var booked = existing?.BookedMicros;
        if (existing?.PendingMicros is { } pending && pending != booked)
        {
            // A booking an earlier run started: finish it (a duplicate if it had landed) before comparing.
            if (!await BookAsync(BucketRevision.Decide(lineId, booked, pending), line, team, provider, report, cancellationToken))
            {
                return;
            }

            booked = pending;
        }

        var booking = BucketRevision.Decide(lineId, booked, amount);
        if (booking.IsNothing)
        {
            await billed.UpsertAsync(row with { BookedMicros = booked, PendingMicros = null }, cancellationToken);
            report.Unchanged++;
            return;
        }

        await billed.UpsertAsync(row with { BookedMicros = booked, PendingMicros = amount }, cancellationToken);
        if (await BookAsync(booking, line, team, provider, report, cancellationToken))
        {
            await billed.UpsertAsync(row with { BookedMicros = amount, PendingMicros = null }, cancellationToken);
        }
    }

    private async Task<bool> BookAsync(BucketBooking booking, CostLine line, string team, string provider, CostPollReport report, CancellationToken cancellationToken)
    {
        var usage = new UsageEvent(
            booking.UsageId!,
            line.Start,
            team,
            null,
            null,
            line.Model ?? line.LineItem ?? provider,
            provider,
            new TokenCounts(0, 0, 0),
            Money.FromMicros(booking.CostMicros, organization.Value.Currency).Amount,
            null,
            null,
            Correction: booking.IsCorrection);
        var result = await ingestion.IngestAsync([new ParsedItem(usage, usage.Id, [])], cancellationToken);
        if (result.Rejected.Count > 0)
        {
            report.Problems.Add($"{line.Project} {line.LineItem} ({line.Start:yyyy-MM-dd}): {string.Join(" ", result.Rejected[0].Errors)}");
            return false;
        }

        if (result.Accepted > 0)
        {
            if (booking.IsCorrection)
            {
                report.Corrections++;
            }
            else
            {
                report.Booked++;
            }
        }
        else
        {
            report.Duplicates++;
        }

        return true;
    }
}

/// <summary>What one poll read and did; the job's result in <c>POST /api/v1/admin/jobs/{job}/run</c>.</summary>
public sealed class CostPollReport
{
    public string Provider { get; set; } = "";

    public string Mode { get; set; } = "";

    public int Pages { get; set; }

    /// <summary>Lines read, complete or not.</summary>
    public int Lines { get; set; }

    /// <summary>Lines of buckets that are not complete yet (within SettleHours): read again later.</summary>
    public int Unsettled { get; set; }

    /// <summary>Lines recorded as billed only (reconcile mode, or unmapped).</summary>
    public int Recorded { get; set; }

    /// <summary>Lines counted as usage for the first time (ingest mode).</summary>
    public int Booked { get; set; }

    /// <summary>Revised lines whose difference was counted as a correction.</summary>
    public int Corrections { get; set; }

    public int Unchanged { get; set; }

    public int Duplicates { get; set; }

    /// <summary>Projects (workspaces) with spend but no team in the mapping.</summary>
    public IReadOnlyList<string> Unmapped { get; set; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>Why the read stopped (a refused key, an outage); lines read before it were recorded.</summary>
    public string? Error { get; set; }

    public int? ErrorStatus { get; set; }
}
