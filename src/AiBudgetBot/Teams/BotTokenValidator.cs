using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AiBudgetBot.Teams;

/// <summary>
/// Decides whether an inbound activity really comes from the Bot Framework for this bot
/// (PROTOCOLS.md, Inbound): issuer, audience, lifetime with 5 min skew, RS256/384/512 signature
/// by a published key, that key endorsed for the activity's channel, and the token's
/// <c>serviceurl</c> equal to the activity's. Every failure is a reason, never an exception.
/// </summary>
public sealed class BotTokenValidator(BotSigningKeys keys, IOptions<TeamsOptions> options, TimeProvider timeProvider, ILogger<BotTokenValidator> logger)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>Checks the token on its own (first step: before the body is trusted enough to parse).</summary>
    public async Task<TokenCheck> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        const string bearer = "Bearer ";
        if (string.IsNullOrEmpty(authorizationHeader) || !authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Fail("no Bearer token in Authorization");
        }

        var token = authorizationHeader[bearer.Length..].Trim();
        try
        {
            var keySet = await keys.GetAsync(cancellationToken);
            var result = await _handler.ValidateTokenAsync(token, Parameters(keySet));
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException
                && await keys.RefreshNowAsync(cancellationToken) is { } refreshed)
            {
                // An unknown key id may mean the keys rolled over; refetching is rate-limited.
                keySet = refreshed;
                result = await _handler.ValidateTokenAsync(token, Parameters(keySet));
            }

            if (!result.IsValid)
            {
                return TokenCheck.Fail(result.Exception?.GetType().Name ?? "invalid token");
            }

            var jwt = (JsonWebToken)result.SecurityToken;
            var keyId = jwt.SigningKey?.KeyId ?? jwt.Kid;
            var endorsements = keyId is not null && keySet.Endorsements.TryGetValue(keyId, out var found) ? found : [];
            var serviceUrl = result.Claims.TryGetValue("serviceurl", out var claim) ? claim as string : null;
            return TokenCheck.Valid(new ValidatedBotToken(keyId, endorsements, serviceUrl));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Keys unreachable or malformed: the activity cannot be trusted, so it is refused like a bad token.
            logger.LogWarning(e, "Could not check a Bot Framework token");
            return TokenCheck.Fail("signing keys unavailable");
        }
    }

    /// <summary>Second step: the claims that bind the token to this particular activity.</summary>
    public static string? CheckActivity(ValidatedBotToken token, Activity activity)
    {
        if (string.IsNullOrEmpty(activity.ChannelId) || !token.Endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
        {
            return $"signing key not endorsed for channel '{activity.ChannelId}'";
        }

        if (string.IsNullOrEmpty(token.ServiceUrl) || !string.Equals(token.ServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return "serviceurl claim does not match the activity's serviceUrl";
        }

        return OutboundUrl.IsAllowed(activity.ServiceUrl) ? null : "serviceUrl is neither https nor loopback";
    }

    private TokenValidationParameters Parameters(BotSigningKeySet keySet) => new()
    {
        ValidIssuer = TeamsOptions.BotFrameworkIssuer,
        ValidAudience = options.Value.AppId,
        IssuerSigningKeys = keySet.Configuration.SigningKeys,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        // Lifetime follows the injected clock (the library's default reads the wall clock).
        LifetimeValidator = ValidateLifetime,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp.ToUniversalTime() + ClockSkew >= now
            && (notBefore is not { } nbf || nbf.ToUniversalTime() - ClockSkew <= now);
    }
}

/// <summary>The claims of a token whose signature, issuer, audience and lifetime passed.</summary>
public sealed record ValidatedBotToken(string? KeyId, IReadOnlyList<string> Endorsements, string? ServiceUrl);

/// <summary>The outcome of the token step: a validated token, or why not.</summary>
public sealed record TokenCheck(ValidatedBotToken? Token, string? Failure)
{
    public static TokenCheck Valid(ValidatedBotToken token) => new(token, null);

    public static TokenCheck Fail(string reason) => new(null, reason);
}
