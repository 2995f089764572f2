namespace AiBudgetBot.Teams;

/// <summary>
/// Body of <c>POST v3/conversations</c>: start a new thread in a Teams channel
/// (<c>isGroup</c>, <c>channelData.channel.id</c>, tenant) with its first activity.
/// </summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }

    public TeamsChannelData? ChannelData { get; set; }

    public string? TenantId { get; set; }

    public Activity? Activity { get; set; }

    public static ConversationParameters InChannel(string channelId, string? tenantId, Activity activity) => new()
    {
        IsGroup = true,
        ChannelData = new TeamsChannelData
        {
            Channel = new TeamsIdentity { Id = channelId },
            Tenant = tenantId is null ? null : new TeamsIdentity { Id = tenantId },
        },
        TenantId = tenantId,
        Activity = activity,
    };
}
