using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Hosting;

/// <summary>What a security review reads off any response of the real process (Kestrel, not a test server).</summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Responses_SayNosniff_AndNameNoServer()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = await BotProcess.StartAsync(storage, BotFactory.NewPrefix());
        var client = bot.Client(BotFactory.AdminKey);

        foreach (var path in new[] { "healthz", "api/v1/teams/nobody/status", "api/v1/usage" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Server"), $"{path} names its server: {string.Join(",", response.Headers.Server)}");
        }
    }
}
