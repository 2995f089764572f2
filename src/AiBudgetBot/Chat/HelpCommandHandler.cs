using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary><c>help</c>: the person's home (their teams, what is left, their requests) and the commands they may use.</summary>
public sealed class HelpCommandHandler(PersonalHome home) : IChatCommandHandler
{
    public IReadOnlyList<string> Verbs { get; } = [CommandVerbs.Help];

    public async Task<OutgoingMessage> HandleAsync(ChatRequest request, ChatCommand command, CancellationToken cancellationToken)
    {
        var mine = await home.ForAsync(request, cancellationToken);
        var help = ChatCards.Help(request);
        return mine with
        {
            Text = mine.Text + "\n" + help.Text,
            Blocks = [.. mine.Blocks, .. help.Blocks],
        };
    }
}
