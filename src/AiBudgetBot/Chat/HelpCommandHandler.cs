using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary><c>help</c>: the commands this person may use.</summary>
public sealed class HelpCommandHandler : IChatCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Help];

    public Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken) =>
        Task.FromResult(ChatCards.Help(request));
}
