namespace AiBudgetBot.Charts;

/// <summary>
/// <c>GET /charts/{data}.png?expires=…&amp;sig=…</c>: a chart's picture for Teams' image fallback
/// and the webhook. No API key (Teams' image fetcher has none); the signature is the permission,
/// and a forged, altered or expired link is a plain 404.
/// </summary>
public static class ChartsApi
{
    public static IEndpointRouteBuilder MapChartsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ChartLinks.RoutePrefix + "{data}.png", (HttpContext http, ChartLinks links, string? expires, string? sig) =>
        {
            if (links.Open(http.Request.Path.Value ?? "", expires, sig) is not { } chart)
            {
                return Results.NotFound();
            }

            // The picture of a link never changes (the data is in the link), so caches may keep it.
            http.Response.Headers.CacheControl = "public, max-age=86400, immutable";
            return Results.File(ChartPainter.DrawPng(chart), "image/png");
        }).ExcludeFromDescription();
        return app;
    }
}
