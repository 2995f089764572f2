using System.Text.Json;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Teams;

/// <summary>
/// First contact in Teams: the Bot Connector's member lookup for the conversation
/// (<c>GET v3/conversations/{id}/members/{userId}</c>) gives the sender's email or UPN. Only the
/// organization's tenant is looked up: <c>Teams:TenantId</c>, else the tenants the bot was installed in.
/// </summary>
public sealed class TeamsPersonLookup(ConnectorClient connector, ITeamsConversationStore conversations, IOptions<TeamsOptions> options) : IPersonLookup
{
    public string Platform => ChatChannels.TeamsPlatform;

    public async Task<PlatformProfile> LookUpAsync(ChatSender sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (string.IsNullOrEmpty(sender.Tenant) || string.IsNullOrEmpty(sender.ServiceUrl) || string.IsNullOrEmpty(sender.AccountId))
        {
            return PlatformProfile.Stranger("the activity names no tenant, serviceUrl or account");
        }

        if (!await IsOrganizationTenantAsync(sender.Tenant, cancellationToken))
        {
            return PlatformProfile.Stranger($"tenant {sender.Tenant} is not the organization's");
        }

        var result = await connector.GetMemberAsync(sender.ServiceUrl, sender.ConversationId, sender.AccountId, cancellationToken);
        switch (result.Status)
        {
            case ConnectorStatus.NotFound:
                return PlatformProfile.Stranger("not a member of the conversation");
            case ConnectorStatus.Ok when result.Body is { ValueKind: JsonValueKind.Object } member:
                return Profile(member, sender.Tenant);
            case ConnectorStatus.Ok:
                return PlatformProfile.Failed("the member lookup answered without a member");
            default:
                return PlatformProfile.Failed(result.Detail ?? result.Status.ToString());
        }
    }

    /// <summary>Reads a Teams member (TeamsChannelAccount): the same shape the roster pages carry.</summary>
    public static PlatformProfile Profile(JsonElement member, string organizationTenant)
    {
        var tenant = Str(member, "tenantId");
        if (tenant is not null && !string.Equals(tenant, organizationTenant, StringComparison.OrdinalIgnoreCase))
        {
            return PlatformProfile.Stranger($"member of tenant {tenant}");
        }

        // A guest sits in our tenant with an account from elsewhere: not one of the organization's people.
        if (Str(member, "userRole") is { } role && (role.Equals("guest", StringComparison.OrdinalIgnoreCase) || role.Equals("anonymous", StringComparison.OrdinalIgnoreCase)))
        {
            return PlatformProfile.Stranger($"a {role} account");
        }

        var aad = Str(member, "aadObjectId");
        var email = Str(member, "email") ?? Str(member, "userPrincipalName");
        return string.IsNullOrEmpty(aad) || email is null || !email.Contains('@', StringComparison.Ordinal)
            ? PlatformProfile.Stranger("no email or object id")
            : new PlatformProfile(LookupStatus.Found, email, aad);
    }

    /// <summary>The configured tenant, else any tenant the bot was installed in (recorded on conversationUpdate).</summary>
    public async Task<bool> IsOrganizationTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.TenantId))
        {
            return string.Equals(tenant, options.Value.TenantId, StringComparison.OrdinalIgnoreCase);
        }

        var installs = await conversations.ListAsync(cancellationToken);
        return installs.Any(i => string.Equals(i.TenantId, tenant, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
