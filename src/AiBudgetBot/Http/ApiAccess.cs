namespace AiBudgetBot.Http;

/// <summary>
/// Who may call <c>/api/v1</c> and how often, before any endpoint reads its body: a request
/// without a configured key is a 401 here (so nothing of it is parsed, and a malformed body tells
/// a stranger nothing), then each key's rate limit applies. Which key may use which route is
/// still the endpoint's <see cref="ApiKeyFilter"/>.
/// </summary>
public static class ApiAccess
{
    public static IApplicationBuilder UseApiAccess(this IApplicationBuilder app)
    {
        app.Use((http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api/v1") || ApiCaller.Of(http) is not null)
            {
                return next(http);
            }

            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("Send an API key as 'Authorization: Bearer <key>': an ingestion key (Ingestion:ApiKeys) for usage and authorize, the admin key (Admin:ApiKey) for everything else.")
                .ExecuteAsync(http);
        });
        return app.UseRateLimiter();
    }
}
