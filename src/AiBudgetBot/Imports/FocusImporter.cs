using System.Globalization;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Billing;
using AiBudgetBot.Usage;
using CsvHelper;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Imports;

/// <summary>
/// Imports a FOCUS export as it streams in, a batch of rows at a time (so a file of any size
/// needs only a batch in memory): AI rows become usage through the exactly-once ingestion path
/// (an id per row, so a re-import adds nothing) and are recorded as billed for reconciliation;
/// <c>reconcile</c> mode records them as billed only.
/// </summary>
public sealed class FocusImporter(UsageIngestion ingestion, BilledStore billed, IOptions<ImportsOptions> options, IOptions<OrganizationOptions> organization)
{
    private const int BatchSize = 500;

    /// <exception cref="FocusFormatException">The file lacks required FOCUS columns.</exception>
    /// <exception cref="Storage.StoreUnavailableException">Rows could not be made durable (batches before it were).</exception>
    public async Task<FocusImportResult> ImportAsync(Stream csv, bool reconcileOnly, CancellationToken cancellationToken)
    {
        var focus = options.Value.Focus;
        var calendar = organization.Value.Calendar();
        // The separator is FOCUS's comma; line numbers are tracked so refused rows can be named.
        var readerOptions = new CsvReaderOptions { Separator = ',', TrackLineNumbers = true, IncludeValuesInExceptions = false };
        await using var parser = CsvReader.Create(csv, readerOptions, true);
        await parser.ReadHeaderAsync(cancellationToken);
        var header = parser.Headers;
        if (header.Count == 0)
        {
            throw new FocusFormatException("The file is empty: send a FOCUS CSV export with its header row.");
        }

        var index = header.Select((name, i) => (name: name.Trim().TrimStart('\uFEFF'), i)).GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        var missing = FocusRow.RequiredColumns(focus).Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new FocusFormatException($"This is not a FOCUS export: missing column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}. Export FOCUS 1.0 or later (e.g. Azure Cost Management's FocusCost).", missing);
        }

        var result = new FocusImportResult();
        var batch = new List<(int Line, ParsedItem Item, string Provider, string? Project)>(BatchSize);
        while (await parser.ReadAsync(cancellationToken))
        {
            var record = new string[parser.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = parser.GetString(i) ?? "";
            }

            var line = (int)parser.LineNumber;
            string? Field(string name) => index.TryGetValue(name, out var i) && i < record.Length && record[i] is { Length: > 0 } v && v != "NULL" ? v : null;
            if (!FocusRow.IsAi(Field))
            {
                result.Skipped++;
                continue;
            }

            var (usage, id, errors) = FocusRow.Read(Field, record, focus);
            batch.Add((line, new ParsedItem(usage, id, errors), FocusRow.Provider(Field), Field("SubAccountName") ?? Field("SubAccountId")));
            if (batch.Count == BatchSize)
            {
                await FlushAsync(batch, reconcileOnly, calendar, result, cancellationToken);
            }
        }

        await FlushAsync(batch, reconcileOnly, calendar, result, cancellationToken);
        return result;
    }

    private async Task FlushAsync(List<(int Line, ParsedItem Item, string Provider, string? Project)> batch, bool reconcileOnly, Core.Periods.PeriodCalendar calendar, FocusImportResult result, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var rejectedIndexes = new HashSet<int>();
        if (reconcileOnly)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Item.Event is null)
                {
                    result.Rejected.Add(new FocusRejectedRow(batch[i].Line, batch[i].Item.Errors));
                    rejectedIndexes.Add(i);
                }
            }
        }
        else
        {
            var ingested = await ingestion.IngestAsync(batch.Select(b => b.Item).ToList(), cancellationToken);
            result.Imported += ingested.Accepted;
            result.Duplicates += ingested.Duplicates;
            foreach (var rejected in ingested.Rejected)
            {
                result.Rejected.Add(new FocusRejectedRow(batch[rejected.Index].Line, rejected.Errors));
                rejectedIndexes.Add(rejected.Index);
            }
        }

        var lines = new List<BilledLine>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (rejectedIndexes.Contains(i) || batch[i].Item.Event is not { } usage)
            {
                continue;
            }

            var micros = new Money(usage.Cost ?? 0m, organization.Value.Currency).RoundToMicros().ToMicros();
            lines.Add(new BilledLine(usage.Id, batch[i].Provider, Month(calendar, usage.Timestamp), usage.Timestamp, usage.TeamId, batch[i].Project, usage.Model, micros, "focus", reconcileOnly ? null : micros));
        }

        await billed.UpsertManyAsync(lines, cancellationToken);
        if (reconcileOnly)
        {
            result.Imported += lines.Count;
        }

        batch.Clear();
    }

    internal static string Month(Core.Periods.PeriodCalendar calendar, DateTimeOffset at) =>
        calendar.LocalDate(at).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>The answer to a FOCUS import (CONTRACT.md additions): rows counted, already counted, not AI, refused.</summary>
public sealed class FocusImportResult
{
    public int Imported { get; set; }

    public int Duplicates { get; set; }

    public int Skipped { get; set; }

    public List<FocusRejectedRow> Rejected { get; } = [];
}

/// <param name="Line">The row's line in the file (the header is line 1).</param>
public sealed record FocusRejectedRow(int Line, IReadOnlyList<string> Errors);

/// <summary>The file is not a FOCUS export this importer can read.</summary>
public sealed class FocusFormatException(string message, IReadOnlyList<string>? missingColumns = null) : Exception(message)
{
    public IReadOnlyList<string> MissingColumns { get; } = missingColumns ?? [];
}
