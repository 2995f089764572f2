using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Teams;

/// <summary>
/// Table row of a <see cref="TeamsConversationReference"/>: one partition (the list is small and
/// read whole), the encoded conversation id as row key.
/// </summary>
internal sealed class TeamsConversationEntity : ITableEntity
{
    public const string Partition = "msteams";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ServiceUrl { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string? TenantId { get; set; }

    public string? ConversationType { get; set; }

    public string? TeamId { get; set; }

    public string? TeamName { get; set; }

    public string? ChannelId { get; set; }

    public string? InstalledBy { get; set; }

    public DateTimeOffset InstalledAt { get; set; }

    /// <summary>Base64url: conversation ids hold ':', ';', '@' and more; '%' escapes break point reads on some stores.</summary>
    public static string KeyOf(string conversationId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(conversationId));

    public static TeamsConversationEntity FromDomain(TeamsConversationReference reference) => new()
    {
        RowKey = KeyOf(reference.ConversationId),
        ServiceUrl = reference.ServiceUrl,
        ConversationId = reference.ConversationId,
        TenantId = reference.TenantId,
        ConversationType = reference.ConversationType,
        TeamId = reference.TeamId,
        TeamName = reference.TeamName,
        ChannelId = reference.ChannelId,
        InstalledBy = reference.InstalledBy,
        InstalledAt = reference.InstalledAt,
    };

    public TeamsConversationReference ToDomain() =>
        new(ServiceUrl, ConversationId, TenantId, ConversationType, TeamId, TeamName, ChannelId, InstalledBy, InstalledAt);
}
