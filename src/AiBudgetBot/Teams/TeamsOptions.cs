using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Organization;

namespace AiBudgetBot.Teams;

/// <summary>
/// The <c>Teams</c> section. Teams is off while <see cref="AppId"/> is empty. Contradictions stop
/// the bot at start with the key's name (CONTRACT.md), never at the first activity.
/// </summary>
public sealed class TeamsOptions : IValidatableObject
{
    public const string Section = "Teams";

    /// <summary>The Bot Framework issuer of every inbound channel token.</summary>
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    /// <summary>The scope of the outbound Bot Connector token.</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string? AppId { get; set; }

    public string? AppPassword { get; set; }

    public TeamsAppType AppType { get; set; } = TeamsAppType.MultiTenant;

    public string? TenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Empty means the Bot Framework endpoint for <see cref="AppType"/> (see <see cref="EffectiveTokenEndpoint"/>).</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>
    /// Emulator-only: accept activities without a token when no app id is set. Refused outside
    /// the Development environment and whenever an app id is configured.
    /// </summary>
    public bool AllowUnauthenticatedDevelopment { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>Whether <c>/api/messages</c> is served at all (real auth, or the explicit development mode).</summary>
    public bool IsEndpointEnabled => IsEnabled || AllowUnauthenticatedDevelopment;

    public string EffectiveTokenEndpoint =>
        !string.IsNullOrWhiteSpace(TokenEndpoint)
            ? TokenEndpoint
            : $"https://login.microsoftonline.com/{(AppType == TeamsAppType.SingleTenant ? TenantId : "botframework.com")}/oauth2/v2.0/token";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            if (!string.IsNullOrWhiteSpace(AppPassword))
            {
                yield return new ValidationResult("Teams:AppPassword is set but Teams:AppId is empty; set both or neither.", [nameof(AppId)]);
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(AppPassword))
        {
            yield return new ValidationResult("Teams:AppPassword is required when Teams:AppId is set (the bot's client secret).", [nameof(AppPassword)]);
        }

        if (AppType == TeamsAppType.SingleTenant && string.IsNullOrWhiteSpace(TenantId))
        {
            yield return new ValidationResult("Teams:TenantId is required when Teams:AppType is SingleTenant.", [nameof(TenantId)]);
        }

        if (AllowUnauthenticatedDevelopment)
        {
            yield return new ValidationResult("Teams:AllowUnauthenticatedDevelopment must be false when Teams:AppId is set: a configured bot always checks tokens.", [nameof(AllowUnauthenticatedDevelopment)]);
        }

        if (!OutboundUrl.IsAllowed(OpenIdMetadataUrl))
        {
            yield return new ValidationResult("Teams:OpenIdMetadataUrl must be an absolute https:// URL (plain http only on loopback).", [nameof(OpenIdMetadataUrl)]);
        }

        if (!OutboundUrl.IsAllowed(EffectiveTokenEndpoint))
        {
            yield return new ValidationResult("Teams:TokenEndpoint must be an absolute https:// URL (plain http only on loopback).", [nameof(TokenEndpoint)]);
        }
    }
}
