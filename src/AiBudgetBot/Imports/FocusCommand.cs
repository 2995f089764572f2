using System.Text.Json;

namespace AiBudgetBot.Imports;

/// <summary>
/// The command-line verb: <c>AiBudgetBot import-focus &lt;file.csv&gt; [--mode reconcile]</c> imports a
/// FOCUS export with the bot's configuration, prints the result as JSON and exits (0 when no row
/// was refused, 1 when some were, 2 when the file could not be imported).
/// </summary>
public static class FocusCommand
{
    public const string Verb = "import-focus";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var path = args.Skip(1).FirstOrDefault(a => !a.StartsWith('-') && a != "reconcile" && a != "ingest");
        var reconcile = args.SkipWhile(a => a != "--mode").Skip(1).FirstOrDefault() == "reconcile";
        if (path is null || !File.Exists(path))
        {
            await output.WriteLineAsync($"usage: {Verb} <focus-export.csv> [--mode reconcile]" + (path is null ? "" : $" ({path} does not exist)"));
            return 2;
        }

        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<FocusImporter>();
        try
        {
            await using var file = File.OpenRead(path);
            var result = await importer.ImportAsync(file, reconcile, CancellationToken.None);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            return result.Rejected.Count == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is FocusFormatException or CsvHelper.CsvFormatException or Storage.StoreUnavailableException)
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
