namespace AiBudgetBot.Playground;

// The playground API's JSON shapes (camelCase, like the rest of the bot's HTTP surface).

/// <summary>Someone the page can speak as: their roles per team and whether a chat id links them.</summary>
public sealed record PlaygroundPerson(string Id, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<PlaygroundMembership> Teams, string? Platform);

public sealed record PlaygroundMembership(string Id, string Name, string Role);

/// <summary>What the page needs to start: the people, the jobs an operator can run, the currency.</summary>
public sealed record PlaygroundSetup(IReadOnlyList<PlaygroundPerson> People, IReadOnlyList<string> Jobs, string Currency, bool SimulatorOn);

/// <summary><c>POST /playground/api/say</c>: words typed as <c>As</c> (a person id).</summary>
public sealed record SayRequest(string? As, string? Text);

/// <summary><c>POST /playground/api/act</c>: a button clicked as <c>As</c>; verb and subject as the card carries them.</summary>
public sealed record ActRequest(string? As, string? Verb, string? SubjectId);

/// <summary>What a click did: the card that replaces the clicked one (null when nothing changed) and the note only the clicker sees.</summary>
public sealed record ActResponse(RenderedMessage? Updated, string? Note);

/// <summary>A delivered notification in the feed.</summary>
public sealed record FeedItem(long Sequence, DateTimeOffset At, string Id, string Kind, string TeamId, string? TeamName, string? PoolId, RenderedMessage Message);
