using AiBudgetBot.Core.Budgets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Digests;

/// <summary>Which channels a digest can reach, for the run record: what is configured, not what a platform later accepted.</summary>
public sealed class FinanceChannels(IOptions<DigestsOptions> digests, IConfiguration configuration)
{
    private bool TeamsOn => !string.IsNullOrWhiteSpace(configuration["Teams:AppId"]) || configuration.GetValue<bool>("Teams:AllowUnauthenticatedDevelopment");

    private bool SlackOn => !string.IsNullOrWhiteSpace(configuration["Slack:BotToken"]);

    private bool WebhookOn => !string.IsNullOrWhiteSpace(configuration["Webhooks:Url"]);

    /// <summary>Finance's channels for the weekly digest.</summary>
    public IReadOnlyList<string> Configured()
    {
        var o = digests.Value;
        var channels = new List<string>();
        if (TeamsOn && o.FinanceTeamsServiceUrl is not null && !string.IsNullOrWhiteSpace(o.FinanceTeamsConversationId))
        {
            channels.Add("teams");
        }

        if (SlackOn && !string.IsNullOrWhiteSpace(o.FinanceSlackChannel))
        {
            channels.Add("slack");
        }

        if (WebhookOn)
        {
            channels.Add("webhook");
        }

        return channels;
    }

    /// <summary>A team's channels for its review.</summary>
    public IReadOnlyList<string> OfTeam(Team team)
    {
        ArgumentNullException.ThrowIfNull(team);
        var channels = new List<string>();
        if (TeamsOn && team.Channels.Teams is not null)
        {
            channels.Add("teams");
        }

        if (SlackOn && team.Channels.Slack?.ChannelId is { Length: > 0 })
        {
            channels.Add("slack");
        }

        if (WebhookOn)
        {
            channels.Add("webhook");
        }

        return channels;
    }
}
