using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Teams;

/// <summary>
/// The bot's outbound Bot Connector token (client credentials). Cached until five minutes before
/// it expires so a burst of notifications costs one token request; one refresh at a time.
/// Returns null when Teams runs in the explicit unauthenticated development mode.
/// </summary>
public sealed class BotTokenProvider(IHttpClientFactory httpClientFactory, IOptions<TeamsOptions> options, TimeProvider timeProvider) : IDisposable
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled)
        {
            return null;
        }

        if (Fresh(_cached) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_cached) is { } again)
            {
                return again;
            }

            _cached = await RequestAsync(cancellationToken);
            return _cached.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Forgets the cached token (the connector said 401: it was revoked or rotated).</summary>
    public void Invalidate() => _cached = null;

    private string? Fresh(CachedToken? cached) =>
        cached is not null && timeProvider.GetUtcNow() < cached.ExpiresAt - RefreshMargin ? cached.AccessToken : null;

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.AppId!,
            ["client_secret"] = settings.AppPassword ?? string.Empty,
            ["scope"] = TeamsOptions.ConnectorScope,
        });
        var http = httpClientFactory.CreateClient(nameof(BotTokenProvider));
        using var response = await http.PostAsync(new Uri(settings.EffectiveTokenEndpoint), form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The body may echo request details; the status is what an operator needs.
            throw new BotTokenException($"Teams:TokenEndpoint answered {(int)response.StatusCode} to the client-credentials request (check Teams:AppId/AppPassword/TenantId).");
        }

        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new BotTokenException("Teams:TokenEndpoint answered with an empty body.");
        if (string.IsNullOrEmpty(body.AccessToken))
        {
            throw new BotTokenException("Teams:TokenEndpoint answered without access_token.");
        }

        return new CachedToken(body.AccessToken, timeProvider.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn)));
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset ExpiresAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);
}

/// <summary>The bot could not get an outbound token; delivery is retried later.</summary>
public sealed class BotTokenException(string message) : Exception(message);
