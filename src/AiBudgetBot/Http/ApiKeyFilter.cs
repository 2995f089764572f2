using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Http;

/// <summary>Who may call an /api/v1 endpoint.</summary>
public enum ApiScope
{
    /// <summary>Gateways and exporters (usage, authorize); the admin key too.</summary>
    Ingestion,

    /// <summary>Admins only.</summary>
    Admin,
}

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys in constant
/// time. Failure is a 401 problem, before the endpoint reads anything.
/// </summary>
public sealed class ApiKeyFilter(ApiScope scope) : IEndpointFilter
{
    public const string CallerItem = "aibudget.caller";

    /// <summary>The name of the key that authenticated this request ("admin", a gateway's name): who the audit trail says acted.</summary>
    public static string Caller(HttpContext http) => http.Items[CallerItem] as string ?? "unknown";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = Bearer(http.Request.Headers.Authorization.ToString());
        var caller = presented is null ? null : Match(http.RequestServices, presented);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized(scope == ApiScope.Admin
                ? "Send the admin key as 'Authorization: Bearer <key>' (Admin:ApiKey)."
                : "Send an ingestion key as 'Authorization: Bearer <key>' (Ingestion:ApiKeys).");
        }

        http.Items[CallerItem] = caller;
        return await next(context);
    }

    private string? Match(IServiceProvider services, string presented)
    {
        var admin = services.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
        if (Same(admin, presented))
        {
            return "admin";
        }

        if (scope == ApiScope.Ingestion)
        {
            foreach (var key in services.GetRequiredService<IOptions<IngestionOptions>>().Value.ApiKeys)
            {
                if (Same(key.Key, presented))
                {
                    return key.Name;
                }
            }
        }

        return null;
    }

    internal static string? Bearer(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;

    internal static bool Same(string configured, string presented) =>
        configured.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(configured), Encoding.UTF8.GetBytes(presented));
}
