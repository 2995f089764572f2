namespace AiBudgetBot.Core.Conversation;

/// <summary>
/// What the bot says, independent of where it says it. Teams renders it as an Adaptive Card,
/// Slack as Block Kit, the webhook as JSON; none of them knows what a budget is.
/// </summary>
/// <param name="Title">One line a manager reads first ("Marketing is at 75 % of its December budget").</param>
/// <param name="Text">The whole message as plain text: notification previews, screen readers, Slack's fallback.</param>
/// <param name="Blocks">The body, top to bottom.</param>
/// <param name="Actions">Buttons, left to right.</param>
/// <param name="Tone">Colours the heading: good news, a warning, or an alarm.</param>
public sealed record OutgoingMessage(
    string Title,
    string Text,
    IReadOnlyList<MessageBlock> Blocks,
    IReadOnlyList<MessageAction> Actions,
    MessageTone Tone = MessageTone.Neutral)
{
    /// <summary>Who should see it where the channel can choose; optional, <see cref="MessageVisibility.Auto"/> by default.</summary>
    public MessageVisibility Visibility { get; init; } = MessageVisibility.Auto;

    public static OutgoingMessage Plain(string title, string text) => new(title, text, [new TextBlock(text)], []);
}

public enum MessageTone
{
    Neutral,
    Good,
    Warning,
    Alarm,
}
