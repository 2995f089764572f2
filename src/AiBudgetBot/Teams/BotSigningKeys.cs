using System.Text.Json;
using AiBudgetBot.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AiBudgetBot.Teams;

/// <summary>
/// The Bot Framework's token signing keys and, per key, the channels it is endorsed for.
/// <see cref="ConfigurationManager{T}"/> discovers and caches the keys (refreshed daily, and on an
/// unknown key id at most every five minutes), but it drops the non-standard <c>endorsements</c>
/// of each JWK, so the JWKS document is read once more here for those.
/// </summary>
public sealed class BotSigningKeys : IDisposable
{
    public static readonly TimeSpan AutomaticRefreshInterval = TimeSpan.FromDays(1);

    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _endorsementsGate = new(1, 1);
    private OpenIdConnectConfiguration? _endorsementsFor;
    private IReadOnlyDictionary<string, IReadOnlyList<string>> _endorsements = new Dictionary<string, IReadOnlyList<string>>();

    public BotSigningKeys(IHttpClientFactory httpClientFactory, IOptions<TeamsOptions> options)
    {
        var metadataUrl = new Uri(options.Value.OpenIdMetadataUrl);
        // Held for the process lifetime like the manager itself; the factory's handler still rotates.
        _http = httpClientFactory.CreateClient(nameof(BotSigningKeys));
        var retriever = new HttpDocumentRetriever(_http)
        {
            // Plain http only for a loopback stand-in; the real Bot Framework is always https.
            RequireHttps = !OutboundUrl.IsLoopback(metadataUrl),
        };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = AutomaticRefreshInterval,
            RefreshInterval = MinimumRefreshInterval,
        };
    }

    public async Task<BotSigningKeySet> GetAsync(CancellationToken cancellationToken)
    {
        var configuration = await _manager.GetConfigurationAsync(cancellationToken);
        if (!ReferenceEquals(configuration, _endorsementsFor))
        {
            await _endorsementsGate.WaitAsync(cancellationToken);
            try
            {
                if (!ReferenceEquals(configuration, _endorsementsFor))
                {
                    _endorsements = await ReadEndorsementsAsync(configuration.JwksUri, cancellationToken);
                    _endorsementsFor = configuration;
                }
            }
            finally
            {
                _endorsementsGate.Release();
            }
        }

        return new BotSigningKeySet(configuration, _endorsements);
    }

    public void Dispose() => _endorsementsGate.Dispose();

    /// <summary>Asks for fresh keys (a token named a key id we do not know); rate-limited by the manager.</summary>
    public void RequestRefresh() => _manager.RequestRefresh();

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadEndorsementsAsync(string jwksUri, CancellationToken cancellationToken)
    {
        if (!OutboundUrl.IsAllowed(jwksUri))
        {
            throw new InvalidOperationException($"The OpenID metadata names a jwks_uri that is neither https nor loopback: {jwksUri}");
        }

        using var response = await _http.GetAsync(new Uri(jwksUri), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in keys.EnumerateArray())
            {
                if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                    && key.TryGetProperty("endorsements", out var endorsements) && endorsements.ValueKind == JsonValueKind.Array)
                {
                    result[kid.GetString()!] = [.. endorsements.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
                }
            }
        }

        return result;
    }
}

/// <summary>The keys to check a signature against, and the channels each key id may speak for.</summary>
public sealed record BotSigningKeySet(OpenIdConnectConfiguration Configuration, IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements);
