using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiBudgetBot.Http;

public static class HttpExtensions
{
    /// <summary>What every /api/v1 endpoint shares: API keys, problem details, camelCase JSON with enums as names.</summary>
    public static WebApplicationBuilder AddHttpEdge(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .Validate(o => o.ApiKeys.All(k => k.Name.Length > 0 && k.Key.Length >= 16), "Ingestion:ApiKeys: every entry needs a name and a key of at least 16 characters.")
            .Validate(o => o.ApiKeys.Select(k => k.Key).Distinct().Count() == o.ApiKeys.Count, "Ingestion:ApiKeys: two entries share a key; give each sender its own.")
            .Validate(o => o.RequestsPerSecond >= 0, "Ingestion:RequestsPerSecond must be 0 (no limit) or more.")
            .ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.Section)
            .Validate(o => o.ApiKey.Length is 0 or >= 16, "Admin:ApiKey must be at least 16 characters (or empty to turn the admin API off).")
            .Validate(o => o.RequestsPerSecond >= 0, "Admin:RequestsPerSecond must be 0 (no limit) or more.")
            .ValidateOnStart();
        // No "Server: Kestrel" banner: it tells an attacker what to look up, and nobody else needs it.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddProblemDetails();
        builder.Services.AddApiRateLimits();
        // A body the typed parameter cannot be read from throws, so BadRequestProblems can say why.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        return builder;
    }
}
