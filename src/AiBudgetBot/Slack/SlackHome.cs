using System.Text.Json;
using AiBudgetBot.Chat;

namespace AiBudgetBot.Slack;

/// <summary>
/// The App Home tab: on <c>app_home_opened</c> (tab "home") the person's home is published with
/// <c>views.publish</c>, within a view's 100 blocks.
/// </summary>
internal static class SlackHome
{
    public sealed record HomeOpened(string UserId, string? ChannelId, string? Workspace);

    public static HomeOpened? Opened(JsonElement envelope)
    {
        if (!envelope.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object
            || SlackInboundMessage.Str(e, "type") != "app_home_opened"
            || SlackInboundMessage.Str(e, "tab") is not (null or "home")
            || SlackInboundMessage.Str(e, "user") is not { } user)
        {
            return null;
        }

        return new HomeOpened(user, SlackInboundMessage.Str(e, "channel"), SlackInboundMessage.Str(envelope, "team_id"));
    }

    public static async Task PublishAsync(IServiceProvider services, HomeOpened opened, CancellationToken cancellationToken)
    {
        // The home's channel is the app's DM with this person: a personal place.
        var sender = SlackSenders.From(opened.UserId, null, opened.ChannelId ?? "D", "directmessage", opened.Workspace);
        var home = await services.GetRequiredService<PersonalHome>().ForSenderAsync(sender, cancellationToken);
        var rendered = services.GetRequiredService<BlockKitRenderer>().Render(home, maxBlocks: SlackLimits.BlocksPerHomeView);
        await services.GetRequiredService<SlackApiClient>().PublishHomeAsync(new ViewsPublish(opened.UserId, new HomeView(rendered.Blocks)), cancellationToken);
    }
}
