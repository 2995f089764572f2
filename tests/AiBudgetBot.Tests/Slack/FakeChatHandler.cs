using System.Collections.Concurrent;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Tests.Slack;

/// <summary>Our own IChatHandler, recording what reached it; answers can be slowed down or replaced.</summary>
public sealed class FakeChatHandler : IChatHandler
{
    public ConcurrentQueue<(ChatSender Sender, string Text)> Texts { get; } = new();

    public ConcurrentQueue<(ChatSender Sender, string Verb, string SubjectId)> Actions { get; } = new();

    public TimeSpan TextDelay { get; set; } = TimeSpan.Zero;

    public Func<ChatSender, string, OutgoingMessage> Answer { get; set; } =
        (_, text) => OutgoingMessage.Plain("Budget", $"You asked **{text}**");

    public Func<string, string, ActionOutcome> ActionAnswer { get; set; } =
        (verb, subject) => new ActionOutcome(OutgoingMessage.Plain("Request " + subject, $"{verb} by Dana"), $"You chose {verb} for {subject}.");

    public int CallCount => Texts.Count + Actions.Count;

    public async Task<OutgoingMessage> HandleTextAsync(ChatSender sender, string text, CancellationToken cancellationToken)
    {
        Texts.Enqueue((sender, text));
        if (TextDelay > TimeSpan.Zero)
        {
            await Task.Delay(TextDelay, cancellationToken);
        }

        return Answer(sender, text);
    }

    public Task<ActionOutcome> HandleActionAsync(ChatSender sender, string verb, string subjectId, CancellationToken cancellationToken)
    {
        Actions.Enqueue((sender, verb, subjectId));
        return Task.FromResult(ActionAnswer(verb, subjectId));
    }
}
