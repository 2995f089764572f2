namespace AiBudgetBot.Teams;

/// <summary>A user or the bot: <c>29:…</c> for people, <c>28:&lt;appId&gt;</c> for the bot.</summary>
public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>The Entra object id: the stable key into the people directory (the 29: id is per app).</summary>
    public string? AadObjectId { get; set; }
}
