namespace AiBudgetBot.Admin;

// The admin API's JSON shapes (CONTRACT.md, "Admin shapes"), kept apart from the domain types.
// The policy file uses the same shapes, so what an organization keeps in git is what the API takes.

public sealed record PriceDto(
    string? Model,
    string? Provider,
    string? Tier,
    decimal? InputPerMillion,
    decimal? OutputPerMillion,
    decimal? CachedInputPerMillion,
    string? EffectiveFrom);

public sealed record PersonDto(
    string? DisplayName,
    string? Email,
    string? TeamsAadObjectId,
    string? SlackUserId,
    List<string>? Roles);

/// <summary>One entry of <c>PUT /api/v1/people</c>: a person by work email, without any platform id.</summary>
/// <param name="Id">Optional: the person id to use for someone new (made from the email otherwise).</param>
public sealed record PersonByEmailDto(string? Email, string? Name, List<string>? Roles, string? Id = null);

/// <param name="MembersFrom">
/// <c>explicit</c> (only the members named here) or <c>channel</c> (also the members of the linked
/// Teams/Slack channels, matched by email); left out, the team keeps its current setting.
/// </param>
public sealed record TeamDto(
    string? Name,
    List<string>? Owners,
    List<string>? Members,
    ChannelsDto? Channels,
    string? MembersFrom = null);

public sealed record ChannelsDto(TeamsChannelDto? Teams, SlackChannelDto? Slack);

public sealed record TeamsChannelDto(string? ServiceUrl, string? ConversationId, string? TenantId);

public sealed record SlackChannelDto(string? ChannelId);

public sealed record PoolDto(
    string? Kind,
    string? Stage,
    decimal? Amount,
    string? Period,
    string? Start,
    string? End,
    decimal? SoftLimitPercent,
    decimal? HardLimitPercent,
    List<decimal>? Thresholds,
    List<string>? Workflows);

public sealed record OnboardingDto(string? AcceptedBy, string? Reference);
