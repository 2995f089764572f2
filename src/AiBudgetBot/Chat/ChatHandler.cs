using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;

namespace AiBudgetBot.Chat;

/// <summary>
/// The bot's brain for Teams and Slack: find the person, read the words, hand them to the
/// command's handler. Every message gets an answer: unknown words get help, a stranger gets
/// the id to give an admin, a store outage gets "try again".
/// </summary>
public sealed class ChatHandler(
    DirectoryStore directory,
    IEnumerable<IChatCommandHandler> commandHandlers,
    IEnumerable<IChatActionHandler> actionHandlers,
    ILogger<ChatHandler> logger) : IChatHandler
{
    private readonly Dictionary<string, IChatCommandHandler> _commands = commandHandlers
        .SelectMany(h => h.Verbs.Select(v => (v, h)))
        .ToDictionary(x => x.v, x => x.h, StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, IChatActionHandler> _actions = actionHandlers
        .SelectMany(h => h.ActionVerbs.Select(v => (v, h)))
        .ToDictionary(x => x.v, x => x.h, StringComparer.Ordinal);

    public IReadOnlyCollection<string> CommandVerbs => _commands.Keys;

    public IReadOnlyCollection<string> ActionVerbs => _actions.Keys;

    public async Task<OutgoingMessage> HandleTextAsync(ChatSender sender, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        try
        {
            var snapshot = await directory.CurrentAsync(d => FindPerson(d, sender) is not null, cancellationToken);
            if (FindPerson(snapshot, sender) is not { } person)
            {
                return ChatCards.UnknownPerson(sender, snapshot);
            }

            var request = new ChatRequest(sender, person, snapshot);
            return CommandParser.Parse(text) switch
            {
                Parsed { Command: var command } when _commands.TryGetValue(command.Verb, out var handler) => await handler.HandleAsync(request, command, cancellationToken),
                ParseError error => ChatCards.ParseError(error),
                UnknownWords unknown => ChatCards.Help(request, $"I didn't understand \"{Shorten(unknown.Text)}\". Here is what I can do."),
                _ => ChatCards.Help(request),
            };
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            logger.LogError(e, "Chat answer failed on the store");
            return ChatCards.Problem("I can't reach the budget store", "I can't read the budget store right now, so nothing was changed. Please try again in a minute.");
        }
    }

    public async Task<ActionOutcome> HandleActionAsync(ChatSender sender, string verb, string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        try
        {
            var snapshot = await directory.CurrentAsync(d => FindPerson(d, sender) is not null, cancellationToken);
            if (FindPerson(snapshot, sender) is not { } person)
            {
                return new ActionOutcome(null, ChatCards.UnknownPerson(sender, snapshot).Text);
            }

            return _actions.TryGetValue(verb, out var handler)
                ? await handler.HandleActionAsync(new ChatRequest(sender, person, snapshot), verb, subjectId, cancellationToken)
                : new ActionOutcome(null, "This button is from an older version of the bot and does nothing now.");
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            logger.LogError(e, "Card action {Verb} failed on the store", verb);
            return new ActionOutcome(null, "I can't reach the budget store right now, so nothing was changed. Please try again in a minute.");
        }
    }

    /// <summary>Teams sends the Entra object id, Slack the user id; the directory keeps both per person.</summary>
    public static Person? FindPerson(BudgetDirectory directory, ChatSender sender)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(sender);
        if (string.IsNullOrEmpty(sender.PlatformUserId))
        {
            return null;
        }

        return sender.Platform switch
        {
            ChatChannels.TeamsPlatform => directory.People.FirstOrDefault(p => string.Equals(p.TeamsAadObjectId, sender.PlatformUserId, StringComparison.OrdinalIgnoreCase)),
            ChatChannels.SlackPlatform => directory.People.FirstOrDefault(p => string.Equals(p.SlackUserId, sender.PlatformUserId, StringComparison.Ordinal)),
            _ => null,
        };
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..59] + "…";
}
