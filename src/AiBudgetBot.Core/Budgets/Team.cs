namespace AiBudgetBot.Core.Budgets;

/// <summary>A function that spends (marketing, support…), with the people accountable for it.</summary>
/// <param name="Owners">Person ids of the budget owners: they get alerts and decide requests.</param>
/// <param name="PausedWorkflows">Workflows an owner has stopped; authorize denies them.</param>
public sealed record Team(
    string Id,
    string Name,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> Members,
    TeamChannels Channels,
    OnboardingAcceptance? Onboarding,
    IReadOnlyList<string> PausedWorkflows)
{
    public bool IsOnboarded => Onboarding is not null;

    public bool IsOwner(string personId) => Owners.Contains(personId, StringComparer.OrdinalIgnoreCase);

    /// <summary>Where members come from besides those named: only the list, or also the linked channel's roster.</summary>
    public MembersFrom MembersFrom { get; init; } = MembersFrom.Explicit;

    /// <summary>People the last roster sync found in the linked channels (never owners); each sync replaces the list.</summary>
    public IReadOnlyList<string> ChannelMembers { get; init; } = [];

    /// <summary>Who named <see cref="Owners"/> and <see cref="Members"/>: <see cref="Roster.MemberSources.Policy"/> or <see cref="Roster.MemberSources.Admin"/>.</summary>
    public string? MembersNamedBy { get; init; }

    public bool IsMember(string personId) =>
        IsOwner(personId)
        || Members.Contains(personId, StringComparer.OrdinalIgnoreCase)
        || (MembersFrom == MembersFrom.Channel && ChannelMembers.Contains(personId, StringComparer.OrdinalIgnoreCase));

    /// <summary>Everyone who belongs to the team by any source: owners, named members, and the channel's when it counts.</summary>
    public IReadOnlyList<string> AllMembers =>
        [.. Owners.Concat(Members).Concat(MembersFrom == MembersFrom.Channel ? ChannelMembers : []).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool IsPaused(string? workflow) =>
        workflow is not null && PausedWorkflows.Contains(workflow, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where the team's notifications go.</summary>
public sealed record TeamChannels(TeamsChannel? Teams, SlackChannel? Slack)
{
    public static readonly TeamChannels None = new(null, null);
}

/// <summary>A Microsoft Teams conversation the bot can post into proactively.</summary>
public sealed record TeamsChannel(string ServiceUrl, string ConversationId, string? TenantId);

/// <summary>A Slack channel the bot is a member of.</summary>
public sealed record SlackChannel(string ChannelId);

/// <summary>Who accepted the financial framework for a team, when, and how.</summary>
public sealed record OnboardingAcceptance(string AcceptedBy, DateTimeOffset AcceptedAt, string FrameworkVersion, string? Reference);
