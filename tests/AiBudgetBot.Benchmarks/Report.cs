using System.Text;

namespace AiBudgetBot.Benchmarks;

/// <summary>docs/benchmarks.md: every figure beside a limit measured in the same run, and the command.</summary>
internal static class Report
{
    public static string Markdown(IngestBenchmark benchmark, string command, DateTimeOffset started, TimeSpan took, IReadOnlyList<(string Fact, string Value)> machine)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Written by `tests/AiBudgetBot.Benchmarks` (not run by CI). Re-run it rather than editing the figures by hand.");
        text.AppendLine();
        text.AppendLine("## Ingestion");
        text.AppendLine();
        text.AppendLine($"Command (from the repository root, after `npm ci --no-audit --no-fund`): `{command}`");
        text.AppendLine();
        text.AppendLine($"Run: {started:yyyy-MM-dd HH:mm} UTC, {took.TotalMinutes:0.0} min.");
        text.AppendLine();
        text.AppendLine("| Figure | Value | Limit measured in the same run | Ratio | Target / note | Command |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var figure in benchmark.Figures)
        {
            text.AppendLine($"| {figure.Name} | **{figure.Value}** | {figure.Limit} | **{figure.Ratio}** | {figure.Note} | `{command}` |");
        }

        text.AppendLine();
        foreach (var note in benchmark.Notes)
        {
            text.AppendLine($"- {note}");
        }

        text.AppendLine("### Machine");
        text.AppendLine();
        text.AppendLine("| Fact | Value |");
        text.AppendLine("|---|---|");
        foreach (var (fact, value) in machine)
        {
            text.AppendLine($"| {fact} | {value} |");
        }

        text.AppendLine();
        text.AppendLine("Host environment (everything else is the host's default):");
        text.AppendLine();
        foreach (var (key, value) in benchmark.HostSettings.Where(s => s.Key != "Storage__ConnectionString"))
        {
            text.AppendLine($"- `{key}={value}`");
        }

        text.AppendLine("- `Storage__ConnectionString=` the run's own in-memory Azurite on a free loopback port");
        text.AppendLine();
        text.AppendLine("### How to read this");
        text.AppendLine();
        text.AppendLine("""
            - **Everything runs on one small machine at once**: Azurite (one Node.js thread), the host
              (`dotnet AiBudgetBot.dll`, a separate process, real Kestrel on loopback) and the load generator
              share the cores. Absolute numbers move from run to run and machine to machine; the **ratio** to
              the limit measured minutes apart in the same run is the figure to compare.
            - **Raw store rate**: Azure.Data.Tables entity-group transactions of 100 inserts, one sequential
              stream per partition, entities made by the bot's own `EventRowMapper`. It is measured just
              before and just after each ingestion run (into fresh tables) and the mean is the limit; the two
              show how much the store drifted meanwhile (in-memory Azurite slows as it holds more rows).
            - **Durable ingestion**: accepted events per second over HTTP, counting only events whose POST
              answered 200 (the bot answers only once the event row and the ledger row are committed). Each
              POST carries events of one team; teams map to distinct pool-period partitions. Its transactions
              carry at most 99 events plus the ledger row (the breakdown by workflow, model, tier and user
              rewritten each time), so 100 % of raw is not reachable: 99 % is the row-count ceiling before any cost.
            - **Empty endpoint**: `GET /healthz` from the same client, the floor of per-request HTTP cost.
            - **Latency**: open loop (a request is due every 1/rate s whether or not earlier ones are done),
              each request timed from when it was due, so stalls count (no coordinated omission). Percentiles
              are nearest-rank over all requests of the window after a 3 s warm-up. The store's own
              single-insert latency and the empty endpoint's, at the same rate, are its floor.
            """);
        return text.ToString();
    }
}
