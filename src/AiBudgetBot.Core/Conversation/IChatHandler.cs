namespace AiBudgetBot.Core.Conversation;

/// <summary>
/// The bot's brain as the channels see it: words in, a message out; a button click in, the
/// new state of the card out. Teams and Slack adapters call this and render what it returns.
/// </summary>
public interface IChatHandler
{
    /// <summary>Answers a chat message (mention markup already stripped).</summary>
    Task<OutgoingMessage> HandleTextAsync(ChatSender sender, string text, CancellationToken cancellationToken);

    /// <summary>Handles a button click; <paramref name="verb"/> and <paramref name="subjectId"/> come from the card.</summary>
    Task<ActionOutcome> HandleActionAsync(ChatSender sender, string verb, string subjectId, CancellationToken cancellationToken);
}

/// <summary>
/// What a click did. <see cref="UpdatedCard"/> replaces the clicked card for everyone (it may be
/// null when nothing changed); <see cref="PrivateNote"/> is shown only to the clicker
/// ("Only Dana or finance can approve this").
/// </summary>
public sealed record ActionOutcome(OutgoingMessage? UpdatedCard, string? PrivateNote);
