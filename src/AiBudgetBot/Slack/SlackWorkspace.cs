namespace AiBudgetBot.Slack;

/// <summary>The workspace the bot token belongs to, learnt once from <c>auth.test</c> and kept for the process.</summary>
public sealed class SlackWorkspace
{
    private volatile string? _id;

    public string? Id
    {
        get => _id;
        set => _id = value;
    }
}
