using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AiBudgetBot.Tests.Teams;

/// <summary>
/// A local Bot Framework that speaks the wire protocol: OpenID metadata and a JWKS with
/// endorsements of keys it owns, channel tokens it signs, client-credential tokens it issues,
/// and a Bot Connector that records every call and can be told to fail the next ones.
/// </summary>
public sealed class BotFrameworkStandIn : IAsyncDisposable
{
    public const string TrustedKeyId = "trusted-key";
    public const string WebchatKeyId = "webchat-key";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<PlannedResponse> _planned = new();
    private int _tokenRequests;
    private int _nextId;
    private int _keySetRequests;

    private BotFrameworkStandIn(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public string AppId { get; } = Guid.NewGuid().ToString();

    public string AppPassword { get; } = "stand-in-secret";

    public string BaseUrl { get; private set; } = string.Empty;

    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenUrl => BaseUrl + "/oauth2/v2.0/token";

    /// <summary>Like the real one: a path with a tenant segment and a trailing slash.</summary>
    public string ServiceUrl => BaseUrl + "/amer/tenant-1/";

    /// <summary>Published, endorsed for msteams.</summary>
    public RsaSecurityKey TrustedKey { get; } = NewKey(TrustedKeyId);

    /// <summary>Published, endorsed for webchat only.</summary>
    public RsaSecurityKey WebchatKey { get; } = NewKey(WebchatKeyId);

    /// <summary>Not published, but claims the trusted key's id: a forger's key.</summary>
    public RsaSecurityKey ForeignKey { get; } = NewKey(TrustedKeyId);

    /// <summary>Published only after <see cref="PublishRotatedKey"/>: a key roll-over.</summary>
    public RsaSecurityKey RotatedKey { get; } = NewKey("rotated-key");

    public bool RotatedKeyPublished { get; private set; }

    public int KeySetRequests => _keySetRequests;

    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    /// <summary>
    /// The people the connector knows (TeamsChannelAccount JSON: id, name, aadObjectId, email,
    /// userPrincipalName, tenantId), keyed by their 29: id. Member lookups and roster pages read it.
    /// </summary>
    public ConcurrentDictionary<string, JsonObject> Members { get; } = new();

    /// <summary>Roster page size for <c>pagedmembers</c> (small, so paging is exercised).</summary>
    public int RosterPageSize { get; set; } = 2;

    public void AddMember(string id, string aadObjectId, string email, string tenantId, string? name = null) =>
        Members[id] = new JsonObject
        {
            ["id"] = id,
            ["name"] = name ?? email,
            ["aadObjectId"] = aadObjectId,
            ["email"] = email,
            ["userPrincipalName"] = email,
            ["tenantId"] = tenantId,
            ["userRole"] = "user",
        };

    public int TokenRequests => _tokenRequests;

    public IReadOnlyDictionary<string, string>? LastTokenForm { get; private set; }

    public static async Task<BotFrameworkStandIn> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new BotFrameworkStandIn(app, time);
        standIn.Map();
        await app.StartAsync();
        standIn.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        return standIn;
    }

    /// <summary>The next connector call gets this answer instead of success (still recorded).</summary>
    public void FailNext(int status, string body = "", string? retryAfter = null) => _planned.Enqueue(new PlannedResponse(status, body, retryAfter));

    public string SignToken(Action<SecurityTokenDescriptor>? tweak = null, SecurityKey? key = null, string? serviceUrl = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = AppId,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl },
            SigningCredentials = new SigningCredentials(key ?? TrustedKey, SecurityAlgorithms.RsaSha256),
        };
        tweak?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public void PublishRotatedKey() => RotatedKeyPublished = true;

    public ConnectorCall[] CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        TrustedKey.Rsa.Dispose();
        WebchatKey.Rsa.Dispose();
        ForeignKey.Rsa.Dispose();
        RotatedKey.Rsa.Dispose();
    }

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static JsonObject Jwk(RsaSecurityKey key, params string[] endorsements)
    {
        var p = key.Rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
        };
    }

    private void Map()
    {
        _app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = "https://api.botframework.com",
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = BaseUrl + "/v1/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        _app.MapGet("/v1/keys", () =>
        {
            Interlocked.Increment(ref _keySetRequests);
            var keys = new JsonArray(Jwk(TrustedKey, "msteams", "skype"), Jwk(WebchatKey, "webchat"));
            if (RotatedKeyPublished)
            {
                keys.Add(Jwk(RotatedKey, "msteams"));
            }

            return Results.Json(new JsonObject { ["keys"] = keys });
        });
        _app.MapPost("/oauth2/v2.0/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            LastTokenForm = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            if (form["client_id"] != AppId || form["client_secret"] != AppPassword || form["grant_type"] != "client_credentials")
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            var n = Interlocked.Increment(ref _tokenRequests);
            return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["access_token"] = $"outbound-token-{n}" });
        });
        _app.Map("/amer/tenant-1/{**rest}", async (HttpContext context) =>
        {
            var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            var body = HttpMethods.IsGet(context.Request.Method) ? null : await JsonNode.ParseAsync(context.Request.Body);
            var call = new ConnectorCall(context.Request.Method, raw["/amer/tenant-1/".Length..], context.Request.Headers.Authorization.ToString(), body);
            Calls.Enqueue(call);
            if (_planned.TryDequeue(out var planned))
            {
                if (planned.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = planned.RetryAfter;
                }

                return Results.Text(planned.Body, "application/json", statusCode: planned.Status);
            }

            if (HttpMethods.IsGet(context.Request.Method))
            {
                return Read(context);
            }

            var id = Interlocked.Increment(ref _nextId).ToString();
            return call.Path == "v3/conversations"
                ? Results.Json(new { id = $"{body?["channelData"]?["channel"]?["id"]};messageid={id}", activityId = id })
                : Results.Json(new { id });
        });
    }

    /// <summary>GET members/{userId} (by 29: id or aadObjectId) and GET pagedmembers, like the Bot Connector.</summary>
    private IResult Read(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // amer / tenant-1 / v3 / conversations / {cid} / members / {uid}   or   … / {cid} / pagedmembers
        if (segments.Length == 7 && segments[5] == "members")
        {
            var user = Uri.UnescapeDataString(segments[6]);
            var member = Members.Values.FirstOrDefault(m => m["id"]!.GetValue<string>() == user || m["aadObjectId"]!.GetValue<string>() == user);
            return member is null
                ? Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "The member was not found in the conversation." } }, statusCode: 404)
                : Results.Json(member);
        }

        if (segments.Length == 6 && segments[5] == "pagedmembers")
        {
            var all = Members.Values.OrderBy(m => m["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
            var start = int.TryParse(context.Request.Query["continuationToken"], out var at) ? at : 0;
            var page = all.Skip(start).Take(RosterPageSize).Select(m => (JsonNode)m.DeepClone()).ToArray();
            var next = start + page.Length < all.Count ? (start + page.Length).ToString() : null;
            var answer = new JsonObject { ["members"] = new JsonArray(page) };
            if (next is not null)
            {
                answer["continuationToken"] = next;
            }

            return Results.Json(answer);
        }

        return Results.Json(new { error = new { code = "BadArgument" } }, statusCode: 400);
    }

    private sealed record PlannedResponse(int Status, string Body, string? RetryAfter);
}

/// <summary>One recorded Bot Connector call; <see cref="Path"/> is the raw (still escaped) path after the serviceUrl.</summary>
public sealed record ConnectorCall(string Method, string Path, string Authorization, JsonNode? Body);
