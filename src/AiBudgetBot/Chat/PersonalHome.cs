using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Organization;
using AiBudgetBot.Status;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Requests;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Chat;

/// <summary>
/// A person's home: their teams, each pool's bar, what is left and where it is heading, their
/// pending requests and a button per team to ask for more. Slack shows it in the App Home tab,
/// Teams as the first 1:1 message and on <c>help</c>.
/// </summary>
public sealed class PersonalHome(
    DirectoryStore directory,
    PersonRecognition recognition,
    BudgetStatus status,
    RequestStore requests,
    IOptions<OrganizationOptions> organization,
    ILogger<PersonalHome> logger)
{
    /// <summary>More teams than this are named, not drawn: the home must stay within a Slack view's 100 blocks.</summary>
    public const int MaxTeamsDrawn = 8;

    /// <summary>The home for whoever <paramref name="sender"/> is (looked up by email on first contact).</summary>
    public async Task<OutgoingMessage> ForSenderAsync(ChatSender sender, CancellationToken cancellationToken) =>
        (await TryForSenderAsync(sender, cancellationToken)).Message;

    /// <summary>As <see cref="ForSenderAsync"/>, saying whether the sender was recognised (a stranger gets the "I don't know you" card).</summary>
    public async Task<(OutgoingMessage Message, bool Recognized)> TryForSenderAsync(ChatSender sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        try
        {
            var snapshot = await directory.CurrentAsync(d => ChatHandler.FindPerson(d, sender) is not null, cancellationToken);
            var recognized = await recognition.RecognizeAsync(snapshot, sender, cancellationToken);
            if (recognized.Person is not { } person)
            {
                return (recognized.LookupFailed ? ChatCards.LookupFailed() : ChatCards.UnknownPerson(sender, snapshot), false);
            }

            return (await ForAsync(new ChatRequest(sender, person, await directory.CurrentAsync(cancellationToken)), cancellationToken), true);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            logger.LogError(e, "Home for {Platform} user {User} failed on the store", sender.Platform, sender.PlatformUserId);
            return (ChatCards.Problem("I can't reach the budget store", "I can't read the budget store right now. Please try again in a minute."), false);
        }
    }

    public async Task<OutgoingMessage> ForAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = request.Person;
        var currency = organization.Value.Currency;
        var mine = request.Directory.Teams
            .Where(t => t.IsMember(person.Id) || t.IsOwner(person.Id))
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        var blocks = new List<MessageBlock>();
        var actions = new List<MessageAction>();
        var lines = new List<string>();
        if (mine.Count == 0)
        {
            const string None = "You are not in any budget team yet. A team owner or admin adds you (or links the team's channel, and you join it).";
            blocks.Add(new TextBlock(None));
            lines.Add(None);
        }

        foreach (var team in mine.Take(MaxTeamsDrawn))
        {
            if (await status.ForTeamAsync(team.Id, cancellationToken) is not { } current)
            {
                continue;
            }

            blocks.Add(new TextBlock($"**{team.Name}**"));
            if (current.Pools.Count == 0)
            {
                blocks.Add(new TextBlock("No budget pool is active today."));
            }

            foreach (var pool in current.Pools)
            {
                var left = ChatFormat.Money(pool.Remaining, currency);
                var forecast = pool.Forecast is { } f ? $"on pace for {ChatFormat.Money(f, currency)} by {ChatFormat.Day(pool.Period.LastDay)}" : "too early to tell";
                var caption = $"{ChatFormat.Money(pool.Ledger.Spent, currency)} of {ChatFormat.Money(pool.Limit, currency)} · {left} left · {forecast}";
                blocks.Add(new ProgressBlock($"{team.Name} · {pool.Pool.Id}", pool.PercentUsed, caption, BudgetCard.Tone(pool)));
                lines.Add($"{team.Name} {pool.Pool.Id}: {left} left, {forecast}.");
            }

            var pending = (await requests.OfTeamAsync(team.Id, cancellationToken))
                .Select(r => r.Request)
                .Where(r => r.State == RequestState.Pending && string.Equals(r.RequesterId, person.Id, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.CreatedAt)
                .ToList();
            if (pending.Count > 0)
            {
                var asks = string.Join("\n", pending.Take(5).Select(r => $"• {r.Kind.ToString().ToLowerInvariant()}{(r.Amount is { } a ? " " + ChatFormat.Money(a, currency) : "")}: {r.Reason} (waiting since {ChatFormat.Day(DateOnly.FromDateTime(r.CreatedAt.UtcDateTime))})"));
                blocks.Add(new TextBlock($"Your pending requests:\n{asks}"));
                lines.Add($"{pending.Count} pending request(s) for {team.Name}.");
            }

            actions.Add(new MessageAction(ActionVerbs.RequestIncrease, $"Ask for more: {Short(team.Name)}", team.Id));
        }

        if (mine.Count > MaxTeamsDrawn)
        {
            blocks.Add(new TextBlock($"Also in: {string.Join(", ", mine.Skip(MaxTeamsDrawn).Select(t => t.Name))}. Ask **budget <team>** for any of them."));
        }

        const string Ask = "Ask me \"how much is left?\", **usage**, or **help** for everything I can do.";
        blocks.Add(new TextBlock(Ask));
        var title = $"Hi {person.DisplayName}";
        return new OutgoingMessage(title, string.Join("\n", lines.Prepend(title)), blocks, actions)
        {
            Visibility = MessageVisibility.Private,
        };
    }

    private static string Short(string name) => name.Length <= 40 ? name : name[..39] + "…";
}
