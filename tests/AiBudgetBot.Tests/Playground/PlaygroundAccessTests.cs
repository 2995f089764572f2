using System.Net;
using AiBudgetBot.Tests.Infrastructure;

namespace AiBudgetBot.Tests.Playground;

/// <summary>The playground lets its user act as anyone: off outside Development unless asked for, and then behind the admin key.</summary>
public sealed class PlaygroundAccessTests
{
    [Fact]
    public async Task OutsideDevelopment_IsOffByDefault()
    {
        var azurite = await Azurite.SharedAsync();
        await using var bot = new BotFactory(azurite.ConnectionString, BotFactory.NewPrefix());
        using var client = bot.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/playground")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/playground/api/setup")).StatusCode);
    }

    [Fact]
    public async Task OutsideDevelopment_WhenEnabled_ItsApiNeedsTheAdminKey()
    {
        var azurite = await Azurite.SharedAsync();
        await using var bot = new BotFactory(azurite.ConnectionString, BotFactory.NewPrefix(), new Dictionary<string, string?> { ["Playground:Enabled"] = "true" });
        using var anonymous = bot.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/playground")).StatusCode);
        var refused = await anonymous.GetAsync("/playground/api/setup");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Admin:ApiKey", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Ingest().GetAsync("/playground/api/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.Admin().GetAsync("/playground/api/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/playground/assets/adaptivecards.min.js")).StatusCode);
    }
}
