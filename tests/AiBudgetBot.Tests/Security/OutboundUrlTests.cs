using AiBudgetBot.Organization;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Security;

/// <summary>The bot talks to the outside only over https; plain http only to loopback (local stand-ins).</summary>
public sealed class OutboundUrlTests
{
    [Theory]
    [InlineData("https://hooks.contoso.com/budget", true)]
    [InlineData("https://203.0.113.7/x", true)]
    [InlineData("http://127.0.0.1:5000/hook", true)]
    [InlineData("http://localhost:8080/", true)]
    [InlineData("http://[::1]:9000/", true)]
    [InlineData("http://hooks.contoso.com/budget", false)]
    [InlineData("http://10.0.0.5/hook", false)]
    [InlineData("http://169.254.169.254/latest/meta-data", false)]
    [InlineData("http://localhost.contoso.com/", false)]
    [InlineData("http://127.0.0.1.nip.io/", false)]
    [InlineData("ftp://127.0.0.1/", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/relative/path", false)]
    [InlineData("", false)]
    public void IsAllowed_OnlyHttpsOrLoopbackHttp(string url, bool allowed) =>
        Assert.Equal(allowed, OutboundUrl.IsAllowed(url));

    public static TheoryData<string, string, string[]> PlainHttpSettings() => new()
    {
        { "Webhooks:Url", "http://hooks.contoso.com/budget", ["Webhooks:Secret=webhook-secret-0123456789"] },
        { "Slack:ApiBaseUrl", "http://slack.contoso.com/api/", ["Slack:BotToken=xoxb-0123456789", "Slack:SigningSecret=signing-secret-0123456789abcdef"] },
        { "Teams:OpenIdMetadataUrl", "http://login.contoso.com/openid", ["Teams:AppId=00000000-0000-0000-0000-000000000001", "Teams:AppPassword=teams-password-0123456789"] },
        { "Teams:TokenEndpoint", "http://login.contoso.com/token", ["Teams:AppId=00000000-0000-0000-0000-000000000001", "Teams:AppPassword=teams-password-0123456789"] },
        { "Connectors:OpenAI:BaseUrl", "http://api.contoso.com/v1/", [] },
        { "Connectors:Anthropic:BaseUrl", "http://api.contoso.com/v1/", [] },
        { "Connectors:LiteLlm:BaseUrl", "http://litellm.contoso.com/", ["Connectors:LiteLlm:Enforce=true", "Connectors:LiteLlm:MasterKey=sk-master-0123456789"] },
        { "Organization:PublicBaseUrl", "http://bot.contoso.com/", [] },
        { "Digests:FinanceTeamsServiceUrl", "http://smba.contoso.com/", [] },
    };

    [Theory]
    [MemberData(nameof(PlainHttpSettings))]
    public async Task Start_WithAPlainHttpOutsideUrl_StopsAndNamesTheSetting(string key, string url, string[] companions)
    {
        var settings = new Dictionary<string, string?> { [key] = url };
        foreach (var pair in companions)
        {
            settings[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix(), settings);

        var error = Record.Exception(() => bot.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(key, error.ToString());
        Assert.Contains("https", error.ToString());
    }
}
