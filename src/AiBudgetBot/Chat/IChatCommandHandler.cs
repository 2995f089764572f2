using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>Answers one or more command words (<see cref="CommandVerbs"/>). The lint test checks every registered word has one.</summary>
public interface IChatCommandHandler
{
    IReadOnlyList<string> Verbs { get; }

    Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken);
}

/// <summary>Answers clicks of one or more button verbs (<see cref="ActionVerbs"/>).</summary>
public interface IChatActionHandler
{
    IReadOnlyList<string> ActionVerbs { get; }

    Task<ActionOutcome> HandleActionAsync(ChatRequest request, string verb, string subjectId, CancellationToken cancellationToken);
}
