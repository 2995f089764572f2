namespace AiBudgetBot.Slack;

// Web API request bodies, serialized snake_case; null members are left out.

public sealed record ChatPostMessage(string Channel, string Text, IReadOnlyList<SlackBlock>? Blocks, string? ThreadTs = null);

public sealed record ChatUpdate(string Channel, string Ts, string Text, IReadOnlyList<SlackBlock>? Blocks);

public sealed record ChatPostEphemeral(string Channel, string User, string Text, IReadOnlyList<SlackBlock>? Blocks = null, string? ThreadTs = null);

public sealed record ConversationsOpen(string Users);

/// <summary>A message sent to a slash command's or a click's <c>response_url</c>, or returned inline.</summary>
/// <param name="ResponseType"><c>ephemeral</c> (only the asker sees it) or <c>in_channel</c>.</param>
public sealed record SlackResponseMessage(string? ResponseType, string Text, IReadOnlyList<SlackBlock>? Blocks, bool? ReplaceOriginal = null)
{
    public const string Ephemeral = "ephemeral";
    public const string InChannel = "in_channel";
}

/// <summary>What a successful call returned that we use: the message's <c>ts</c> and its channel.</summary>
public sealed record SlackApiResult(string? Ts, string? Channel);

/// <summary>Where to POST a file's bytes (step 2 of the external upload) and the id Slack gave the file.</summary>
public sealed record SlackUploadTicket(Uri UploadUrl, string FileId);

/// <summary><c>views.publish</c>: the App Home tab of one user.</summary>
public sealed record ViewsPublish(string UserId, HomeView View);

/// <summary>A Home tab view (<c>type: home</c>), up to <see cref="SlackLimits.BlocksPerHomeView"/> blocks.</summary>
public sealed record HomeView(IReadOnlyList<SlackBlock> Blocks)
{
    public string Type => "home";
}
