using System.Text.RegularExpressions;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Hosting;

/// <summary>
/// The host's layout rule (docs/architecture.md, "Where things live"): capability folders depend
/// one way, and chat knows no protocol. Read from the source so a new folder is checked too.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string Host = Path.Combine(Azurite.RepositoryRoot(), "src", "AiBudgetBot");

    [Fact]
    public void HostFolders_DependOneWay()
    {
        var uses = Dependencies();
        var cycles = new List<string>();
        foreach (var start in uses.Keys)
        {
            // Depth-first from each folder: reaching the start again is a cycle.
            var path = new Stack<string>();
            Visit(start, start, uses, path, new HashSet<string>(), cycles);
        }

        Assert.True(cycles.Count == 0, "Host folders that use each other: " + string.Join("; ", cycles.Distinct()));
    }

    [Fact]
    public void Chat_UsesNoProtocolFolder()
    {
        var chat = Dependencies()["Chat"];
        Assert.DoesNotContain("Teams", chat);
        Assert.DoesNotContain("Slack", chat);
    }

    private static void Visit(string start, string at, Dictionary<string, HashSet<string>> uses, Stack<string> path, HashSet<string> seen, List<string> cycles)
    {
        path.Push(at);
        foreach (var next in uses.GetValueOrDefault(at, []))
        {
            if (next == start)
            {
                cycles.Add(string.Join(" → ", path.Reverse().Append(start)));
            }
            else if (seen.Add(next))
            {
                Visit(start, next, uses, path, seen, cycles);
            }
        }

        path.Pop();
    }

    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var folders = Directory.GetDirectories(Host).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj" or "Properties" or "wwwroot")).ToHashSet();
        var uses = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Host, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in Reference().Matches(File.ReadAllText(file)))
                {
                    var used = match.Groups[1].Value;
                    if (used != folder && folders.Contains(used))
                    {
                        uses[folder].Add(used);
                    }
                }
            }
        }

        return uses;
    }

    // "using AiBudgetBot.Storage.Ledger;" and "AiBudgetBot.Teams.Something" alike.
    [GeneratedRegex(@"\bAiBudgetBot\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex Reference();
}
