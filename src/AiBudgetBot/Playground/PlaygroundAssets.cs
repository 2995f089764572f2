namespace AiBudgetBot.Playground;

/// <summary>
/// The page's files, embedded in the assembly at build time (AiBudgetBot.csproj): the page, its
/// script and style, and the official Adaptive Cards renderer copied from node_modules. Served
/// by the bot itself, so the page fetches nothing from any other host.
/// </summary>
public static class PlaygroundAssets
{
    private const string Prefix = "Playground/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static IResult Serve(string name)
    {
        var assembly = typeof(PlaygroundAssets).Assembly;
        if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)
            || assembly.GetManifestResourceStream(Prefix + name) is not { } stream)
        {
            return Http.Problems.NotFound(name == "adaptivecards.min.js"
                ? "The Adaptive Cards renderer was not bundled: run `npm ci` in the repository, then build again."
                : $"The playground has no file '{name}'.");
        }

        return Results.Stream(stream, contentType);
    }

    /// <summary>Whether the build found the renderer in node_modules.</summary>
    public static bool HasRenderer =>
        typeof(PlaygroundAssets).Assembly.GetManifestResourceInfo(Prefix + "adaptivecards.min.js") is not null;

}
