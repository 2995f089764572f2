using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace AiBudgetBot.Tests.Teams;

public sealed class TeamsAuthenticationTests
{
    public static TheoryData<string> Forgeries => ["foreign-key", "wrong-audience", "wrong-issuer", "expired", "not-yet-valid", "serviceurl-mismatch", "missing-endorsement", "no-header", "not-bearer", "garbage"];

    [Fact]
    public async Task Messages_WithValidToken_AreProcessedAndAnswered()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Chat.Texts);
        Assert.Single(host.StandIn.Calls);
    }

    [Theory]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47", HttpStatusCode.OK)]
    [InlineData("00000000-0000-0000-0000-000000000001", HttpStatusCode.Unauthorized)]
    public async Task Messages_ToASingleTenantBot_AreAnsweredOnlyForItsTenant(string tenant, HttpStatusCode expected)
    {
        await using var host = await TeamsTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Teams:AppType"] = "SingleTenant",
            ["Teams:TenantId"] = tenant,
        });
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json")));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, host.Chat.Texts.Count);
    }

    [Fact]
    public async Task Messages_WithTokenExpiredWithinFiveMinuteSkew_AreAccepted()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var token = host.StandIn.SignToken(d => d.Expires = TeamsTestHost.Now.UtcDateTime.AddMinutes(-4));
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json")), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Messages_WithForgedOrMissingToken_Return401ProblemAndSendNothing(string forgery)
    {
        await using var host = await TeamsTestHost.StartAsync();
        var standIn = host.StandIn;
        var now = TeamsTestHost.Now.UtcDateTime;
        string? token = forgery switch
        {
            "foreign-key" => standIn.SignToken(key: standIn.ForeignKey),
            "wrong-audience" => standIn.SignToken(d => d.Audience = Guid.NewGuid().ToString()),
            "wrong-issuer" => standIn.SignToken(d => d.Issuer = "https://sts.windows.net/evil/"),
            "expired" => standIn.SignToken(d => { d.NotBefore = now.AddHours(-2); d.IssuedAt = now.AddHours(-2); d.Expires = now.AddMinutes(-6); }),
            "not-yet-valid" => standIn.SignToken(d => { d.NotBefore = now.AddMinutes(10); d.Expires = now.AddHours(1); }),
            "serviceurl-mismatch" => standIn.SignToken(serviceUrl: "https://smba.trafficmanager.net/amer/"),
            "missing-endorsement" => standIn.SignToken(key: standIn.WebchatKey),
            "no-header" => null,
            "not-bearer" => null,
            _ => "not.a.jwt",
        };
        var activity = host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json"));
        HttpResponseMessage response;
        if (forgery == "not-bearer")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + standIn.SignToken());
            response = await host.Client.SendAsync(request);
        }
        else
        {
            response = await host.PostActivityAsync(activity, token);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(host.Chat.Texts);
        Assert.Empty(standIn.Calls);
        Assert.Equal(0, standIn.TokenRequests);
    }

    [Fact]
    public async Task Messages_WithPlainHttpServiceUrlOffLoopback_Return401EvenWhenTheClaimMatches()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var activity = TeamsTestHost.Fixture("message.personal.received.json");
        activity["serviceUrl"] = "http://smba.example.com/amer/";
        var response = await host.PostActivityAsync(activity, host.StandIn.SignToken(serviceUrl: "http://smba.example.com/amer/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Chat.Texts);
    }

    [Fact]
    public async Task Messages_SignedByANewlyPublishedKey_AreAcceptedAfterAKeyRefresh()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var fixture = TeamsTestHost.Fixture("message.personal.received.json");
        Assert.Equal(HttpStatusCode.OK, (await host.PostActivityAsync(host.AtStandIn(fixture.DeepClone().AsObject()))).StatusCode);

        host.StandIn.PublishRotatedKey();
        var token = host.StandIn.SignToken(key: host.StandIn.RotatedKey);
        var first = await host.PostActivityAsync(host.AtStandIn(fixture.DeepClone().AsObject()), token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, host.Chat.Texts.Count);
    }

    [Fact]
    public async Task UnknownKeyIds_RefetchTheKeysAtMostEveryFiveMinutes()
    {
        await using var host = await TeamsTestHost.StartAsync();
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var unknown = new RsaSecurityKey(rsa) { KeyId = "never-published" };
        var fixture = TeamsTestHost.Fixture("message.personal.received.json");

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostActivityAsync(host.AtStandIn(fixture.DeepClone().AsObject()), host.StandIn.SignToken(key: unknown))).StatusCode);
        var afterFirstRefresh = host.StandIn.KeySetRequests;
        host.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostActivityAsync(host.AtStandIn(fixture.DeepClone().AsObject()), host.StandIn.SignToken(key: unknown))).StatusCode);
        Assert.Equal(afterFirstRefresh, host.StandIn.KeySetRequests);

        host.Time.Advance(TimeSpan.FromMinutes(2));
        host.StandIn.PublishRotatedKey();
        Assert.Equal(HttpStatusCode.OK, (await host.PostActivityAsync(host.AtStandIn(fixture.DeepClone().AsObject()), host.StandIn.SignToken(key: host.StandIn.RotatedKey))).StatusCode);
        Assert.True(host.StandIn.KeySetRequests > afterFirstRefresh);
    }

    [Fact]
    public async Task Messages_WithServiceUrlClaimInOtherCase_AreAccepted()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var response = await host.PostActivityAsync(
            host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json")),
            host.StandIn.SignToken(serviceUrl: host.StandIn.ServiceUrl.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Messages_SignedWithRs512ByTheTrustedKey_AreAccepted()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var token = host.StandIn.SignToken(d => d.SigningCredentials = new SigningCredentials(host.StandIn.TrustedKey, SecurityAlgorithms.RsaSha512));
        var response = await host.PostActivityAsync(host.AtStandIn(TeamsTestHost.Fixture("message.personal.received.json")), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
