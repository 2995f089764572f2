using AiBudgetBot.Chat;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>
/// First contact in Slack: <c>users.info</c> gives the sender's email (scope <c>users:read.email</c>).
/// Only people of the bot's own workspace are matched; a Slack Connect guest, a bot or a
/// deactivated account never is.
/// </summary>
public sealed class SlackPersonLookup(SlackApiClient slack) : IPersonLookup
{
    public string Platform => ChatChannels.SlackPlatform;

    public async Task<PlatformProfile> LookUpAsync(ChatSender sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        try
        {
            var workspace = await slack.WorkspaceAsync(cancellationToken);
            if (sender.Tenant is { Length: > 0 } from && from != workspace)
            {
                return PlatformProfile.Stranger($"message from workspace {from}");
            }

            var user = await slack.UsersInfoAsync(sender.PlatformUserId, cancellationToken);
            return Profile(user, workspace);
        }
        catch (SlackApiException e) when (e.Error is "user_not_found" or "user_not_visible")
        {
            return PlatformProfile.Stranger(e.Error);
        }
        catch (SlackApiException e)
        {
            return PlatformProfile.Failed($"{e.Method}: {e.Error}");
        }
    }

    public static PlatformProfile Profile(SlackUser user, string workspace)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TeamId != workspace)
        {
            return PlatformProfile.Stranger($"user of workspace {user.TeamId}");
        }

        return user.IsBot || user.Deleted || string.IsNullOrEmpty(user.Email)
            ? PlatformProfile.Stranger("a bot, a deactivated account or no email")
            : new PlatformProfile(LookupStatus.Found, user.Email, user.Id);
    }
}
