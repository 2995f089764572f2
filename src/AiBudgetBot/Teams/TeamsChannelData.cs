namespace AiBudgetBot.Teams;

/// <summary>Teams' <c>channelData</c>: tenant, team and channel of the activity.</summary>
public sealed class TeamsChannelData
{
    public TeamsIdentity? Tenant { get; set; }

    public TeamsIdentity? Team { get; set; }

    public TeamsIdentity? Channel { get; set; }

    /// <summary>For conversationUpdate: teamMemberAdded, channelCreated, …</summary>
    public string? EventType { get; set; }
}

/// <summary>An id with an optional display name (tenant, team, channel).</summary>
public sealed class TeamsIdentity
{
    public string? Id { get; set; }

    public string? Name { get; set; }
}
