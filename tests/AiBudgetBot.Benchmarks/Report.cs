using System.Text;

namespace AiBudgetBot.Benchmarks;

/// <summary>What a benchmark hands the report: its figures, notes and the host's environment.</summary>
internal interface IBenchmark
{
    /// <summary>The "## " heading of its section in docs/benchmarks.md.</summary>
    string Section { get; }

    /// <summary>The bullets of its "How to read this".</summary>
    string HowToRead { get; }

    IReadOnlyList<Figure> Figures { get; }

    IReadOnlyList<string> Notes { get; }

    IReadOnlyDictionary<string, string> HostSettings { get; }

    Task RunAsync(string repositoryRoot);
}

/// <summary>
/// docs/benchmarks.md: every figure beside a limit measured in the same run, and the command.
/// Each benchmark owns one "## " section; writing one replaces that section and keeps the others.
/// </summary>
internal static class Report
{
    private const string Header = """
        # Benchmarks

        Written by `tests/AiBudgetBot.Benchmarks` (not run by CI). Re-run it rather than editing the figures by hand.

        """;

    /// <summary><paramref name="existing"/> (the file's text, or null) with <paramref name="benchmark"/>'s section replaced or appended.</summary>
    public static string Update(string? existing, IBenchmark benchmark, string command, DateTimeOffset started, TimeSpan took, IReadOnlyList<(string Fact, string Value)> machine) =>
        Replace(existing ?? Header, benchmark.Section, Section(benchmark, command, started, took, machine));

    /// <summary>Replaces the "## <paramref name="title"/>" section (up to the next "## " heading) or appends it.</summary>
    internal static string Replace(string document, string title, string section)
    {
        var lines = document.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == $"## {title}");
        if (start < 0)
        {
            return document.TrimEnd('\n') + "\n\n" + section;
        }

        var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var before = string.Concat(lines.Take(start).Select(l => l + "\n"));
        var after = end < 0 ? "" : string.Join('\n', lines.Skip(end));
        return before + section + (after.Length > 0 ? "\n" + after : "");
    }

    private static string Section(IBenchmark benchmark, string command, DateTimeOffset started, TimeSpan took, IReadOnlyList<(string Fact, string Value)> machine)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {benchmark.Section}");
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

        if (benchmark.Notes.Count > 0)
        {
            text.AppendLine();
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
        text.AppendLine(benchmark.HowToRead.TrimEnd());
        return text.ToString();
    }
}
