using Microsoft.Extensions.Options;

namespace AiBudgetBot.Http;

/// <summary>The configured key a request presents, if any: the admin key, or an ingestion key by its name.</summary>
public sealed record ApiCaller(string Name, bool IsAdmin)
{
    public static ApiCaller? Of(HttpContext http)
    {
        if (ApiKeyFilter.Bearer(http.Request.Headers.Authorization.ToString()) is not { } presented)
        {
            return null;
        }

        if (ApiKeyFilter.Same(http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey, presented))
        {
            return new ApiCaller("admin", IsAdmin: true);
        }

        foreach (var key in http.RequestServices.GetRequiredService<IOptions<IngestionOptions>>().Value.ApiKeys)
        {
            if (ApiKeyFilter.Same(key.Key, presented))
            {
                return new ApiCaller(key.Name, IsAdmin: false);
            }
        }

        return null;
    }
}
