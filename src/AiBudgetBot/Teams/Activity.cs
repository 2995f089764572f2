using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiBudgetBot.Teams;

/// <summary>
/// A Bot Framework activity, with only the fields the bot reads or writes (PROTOCOLS.md,
/// Activities). Unknown fields are ignored on the way in and never invented on the way out.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public string? TextFormat { get; set; }

    public string? Text { get; set; }

    public string? Summary { get; set; }

    public IList<Attachment>? Attachments { get; set; }

    public IList<Entity>? Entities { get; set; }

    /// <summary>Action.Submit data, or an invoke's payload; its shape depends on <see cref="Name"/>.</summary>
    public JsonElement? Value { get; set; }

    /// <summary>The invoke's name, e.g. <c>adaptiveCard/action</c>.</summary>
    public string? Name { get; set; }

    public string? ReplyToId { get; set; }

    public IList<ChannelAccount>? MembersAdded { get; set; }

    public IList<ChannelAccount>? MembersRemoved { get; set; }

    public TeamsChannelData? ChannelData { get; set; }

    public string? Locale { get; set; }

    /// <summary>Other fields are kept so nothing a future handler needs is lost in logs or tests.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The activity types the bot reacts to.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
}
