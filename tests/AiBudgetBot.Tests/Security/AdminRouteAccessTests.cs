using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Security;

/// <summary>
/// A gateway's ingestion key opens the ingestion API and nothing else. The admin routes are read
/// off the running host, so a route added later is checked too.
/// </summary>
public sealed class AdminRouteAccessTests
{
    /// <summary>The routes a gateway's key may use (CONTRACT.md): usage, authorize, outcomes.</summary>
    private static readonly HashSet<string> IngestionRoutes =
    [
        "/api/v1/usage", "/api/v1/usage/litellm", "/api/v1/authorize", "/api/v1/outcomes",
    ];

    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["teamId"] = "marketing", ["poolId"] = "baseline", ["personId"] = "dana", ["workflow"] = "copy", ["job"] = "override-expiry",
    };

    [Fact]
    public async Task IngestionKey_OnEveryAdminRoute_IsRefusedAndChangesNothing()
    {
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix());
        await AdminCalls.SeedAsync(bot.Admin());
        var routes = AdminRoutes(bot);
        // The admin API, approvals, jobs, imports, reconciliation, status, ROI: far more than a handful.
        Assert.True(routes.Count >= 15, "Too few admin routes found: " + string.Join(", ", routes.Select(r => r.Method + " " + r.Path)));
        var before = await StateAsync(bot);
        var ingest = bot.Ingest();

        var failures = new List<string>();
        foreach (var (method, path, body, contentType) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
            }

            var response = await ingest.SendAsync(request);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                failures.Add($"{method} {path} answered {(int)response.StatusCode} to an ingestion key: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await StateAsync(bot));
    }

    [Fact]
    public async Task NoOrWrongKey_OnEveryApiRoute_Is401BeforeTheBodyIsRead()
    {
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix());
        await AdminCalls.SeedAsync(bot.Admin());
        var routes = AdminRoutes(bot, includeIngestion: true);
        var before = await StateAsync(bot);
        var anonymous = bot.CreateClient();

        var failures = new List<string>();
        foreach (var (method, path, body, _) in routes)
        {
            foreach (var key in new[] { null, "not-a-configured-key-0123456789" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (key is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                }

                if (body is not null)
                {
                    // Malformed on purpose: a stranger must learn nothing about what the endpoint would parse.
                    request.Content = new StringContent("{\"unterminated", Encoding.UTF8, "application/json");
                }

                var response = await anonymous.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.Count == 0 || !text.Contains("Bearer", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {path} ({(key is null ? "no key" : "wrong key")}) answered {(int)response.StatusCode}: {text}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await StateAsync(bot));
    }

    private static List<(string Method, string Path, string? Body, string? ContentType)> AdminRoutes(BotFactory bot, bool includeIngestion = false)
    {
        var routes = new List<(string, string, string?, string?)>();
        foreach (var endpoint in bot.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal) || (!includeIngestion && IngestionRoutes.Contains(pattern)))
            {
                continue;
            }

            var path = Fill(endpoint.RoutePattern);
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                // A body the endpoint can bind, so a missing key check could not hide behind a 400.
                var (body, type) = method is "GET" or "DELETE" || accepts is null
                    ? ((string?)null, (string?)null)
                    : (Body(accepts), accepts.ContentTypes.Count > 0 ? accepts.ContentTypes[0] : "application/json");
                routes.Add((method, path, body, type));
            }
        }

        return routes;
    }

    private static string Fill(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => Samples.GetValueOrDefault(parameter.Name, "x"),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    private static string Body(IAcceptsMetadata accepts)
    {
        if (accepts.ContentTypes.Count > 0 && accepts.ContentTypes[0] is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return "x";
        }

        return accepts.RequestType is { } request && request != typeof(string) && typeof(IEnumerable).IsAssignableFrom(request) ? "[]" : "{}";
    }

    /// <summary>The team's numbers, the audit trail and the directory as stored.</summary>
    private static async Task<string> StateAsync(BotFactory bot)
    {
        var admin = bot.Admin();
        var status = await admin.GetStringAsync("/api/v1/teams/marketing/status");
        var audit = await admin.GetStringAsync("/api/v1/audit");
        var store = bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        var directory = await store.CurrentAsync();
        return status + audit + JsonSerializer.Serialize(new { directory.Teams, people = directory.People, pools = directory.PoolsOf("marketing") });
    }
}
