using System.Text.Json;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AiBudgetBot.Teams;

/// <summary>
/// The Bot Framework's token signing keys and, per key, the channels it is endorsed for.
/// <see cref="ConfigurationManager{T}"/> discovers and caches the keys (refreshed daily; on an
/// unknown key id see <see cref="RefreshNowAsync"/>, at most every five minutes), but it drops the non-standard <c>endorsements</c>
/// of each JWK, so the JWKS document is read once more here for those.
/// </summary>
public sealed class BotSigningKeys : IDisposable
{
    public static readonly TimeSpan AutomaticRefreshInterval = TimeSpan.FromDays(1);

    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private readonly HttpDocumentRetriever _retriever;
    private readonly string _metadataUrl;
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OpenIdConnectConfiguration? _managerSeen;
    private BotSigningKeySet? _current;
    private DateTimeOffset? _lastForcedRefresh;

    public BotSigningKeys(IHttpClientFactory httpClientFactory, IOptions<TeamsOptions> options, TimeProvider timeProvider)
    {
        var metadataUrl = new Uri(options.Value.OpenIdMetadataUrl);
        _metadataUrl = metadataUrl.AbsoluteUri;
        _timeProvider = timeProvider;
        // Held for the process lifetime like the manager itself; the factory's handler still rotates.
        _http = httpClientFactory.CreateClient(nameof(BotSigningKeys));
        _retriever = new HttpDocumentRetriever(_http)
        {
            // Plain http only for a loopback stand-in; the real Bot Framework is always https.
            RequireHttps = !OutboundUrl.IsLoopback(metadataUrl),
        };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(_metadataUrl, new OpenIdConnectConfigurationRetriever(), _retriever)
        {
            AutomaticRefreshInterval = AutomaticRefreshInterval,
            RefreshInterval = MinimumRefreshInterval,
        };
    }

    /// <summary>The newest keys known: the manager's (refreshed daily) or a forced refresh's, whichever came later.</summary>
    public async Task<BotSigningKeySet> GetAsync(CancellationToken cancellationToken)
    {
        var configuration = await _manager.GetConfigurationAsync(cancellationToken);
        if (!ReferenceEquals(configuration, _managerSeen) || _current is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (!ReferenceEquals(configuration, _managerSeen) || _current is null)
                {
                    _current = new BotSigningKeySet(configuration, await ReadEndorsementsAsync(configuration.JwksUri, cancellationToken));
                    _managerSeen = configuration;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        return _current;
    }

    /// <summary>
    /// A token named a key id we do not know: the keys may have rolled over. Refetches now, at most
    /// once per <see cref="MinimumRefreshInterval"/> (on the injected clock), so forged key ids
    /// cannot make the bot hammer the metadata endpoint. Fetched directly rather than through the
    /// manager's RequestRefresh, which refreshes in the background and would leave this activity
    /// refused; the result is used until the manager's next daily refresh. Null when rate-limited.
    /// </summary>
    public async Task<BotSigningKeySet?> RefreshNowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (_lastForcedRefresh is { } last && now - last < MinimumRefreshInterval)
            {
                return null;
            }

            _lastForcedRefresh = now;
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataUrl, _retriever, cancellationToken);
            _current = new BotSigningKeySet(configuration, await ReadEndorsementsAsync(configuration.JwksUri, cancellationToken));
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

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
