namespace AiBudgetBot.Teams;

/// <summary>Where an activity happened: a 1:1 chat, a group chat or a channel (thread).</summary>
public sealed class ConversationAccount
{
    public string? Id { get; set; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; set; }

    public bool? IsGroup { get; set; }

    public string? TenantId { get; set; }

    public string? Name { get; set; }

    public bool IsPersonal => string.Equals(ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
}
