using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Requests;
using AiBudgetBot.Tests.Chat;
using AiBudgetBot.Tests.Infrastructure;
using AiBudgetBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Security;

/// <summary>
/// A Teams card click is a body the client writes (the Bot Framework token does not cover it): a
/// member can send any verb, subject and extra fields. Who decides and what is decided come from
/// the directory and the stored request, never from the payload.
/// </summary>
public sealed class CardTamperingTests : IAsyncLifetime
{
    private const string SamAad = "aad-sam-0004";
    private ChatTestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await ChatTestBot.StartAsync();
        var admin = _bot.Bot.Admin();
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/sam", new { displayName = "Sam Lee", teamsAadObjectId = SamAad, slackUserId = "U0SAM", roles = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/support", new { name = "Support", owners = new[] { "sam" }, members = Array.Empty<string>() }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/teams/support/pools/baseline", new { kind = "baseline", stage = "steady", amount = 500m, period = "monthly", start = "2026-01-01" }));
        foreach (var team in new[] { "marketing", "support" })
        {
            await AdminCalls.Ok(admin.PostAsJsonAsync($"/api/v1/teams/{team}/onboarding", new { acceptedBy = team == "marketing" ? "dana" : "sam", reference = "test" }));
        }
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Approve_ByAMemberClaimingToBeTheOwner_IsRefusedAndChangesNothing()
    {
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override 100 launch");
        var id = (await RequestsAsync("marketing")).Single().Id;

        var click = await ClickAsync(ChatTestBot.AliceAad, new JsonObject { ["verb"] = "approve", ["subjectId"] = id, ["personId"] = "dana", ["decidedBy"] = "dana", ["role"] = "owner" });

        Assert.DoesNotContain("approved by", click.ToJsonString());
        Assert.Equal(RequestState.Pending, (await RequestsAsync("marketing")).Single().State);
        Assert.Empty(Overrides(await StatusAsync("marketing")));
    }

    [Fact]
    public async Task Approve_OfAnotherTeamsRequest_ByThisTeamsOwner_IsRefusedAndChangesNothing()
    {
        await _bot.TeamsAsync(SamAad, "override 50 outage");
        var id = (await RequestsAsync("support")).Single().Id;

        var click = await ClickAsync(ChatTestBot.DanaAad, new JsonObject { ["verb"] = "approve", ["subjectId"] = id, ["teamId"] = "marketing" });

        Assert.DoesNotContain("approved by", click.ToJsonString());
        Assert.Equal(RequestState.Pending, (await RequestsAsync("support")).Single().State);
        Assert.Empty(Overrides(await StatusAsync("support")));
    }

    [Fact]
    public async Task Approve_WithATamperedAmountAndDuration_GrantsWhatWasAskedFor()
    {
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override 100 launch");
        var id = (await RequestsAsync("marketing")).Single().Id;

        var click = await ClickAsync(ChatTestBot.DanaAad, new JsonObject { ["verb"] = "approve", ["subjectId"] = id, ["amount"] = 1_000_000, ["hours"] = 100_000, ["poolId"] = "other" });

        Assert.Contains("approved by Dana Reyes", click.ToJsonString());
        var granted = Assert.Single(Overrides(await StatusAsync("marketing")));
        Assert.Equal(100m, granted.GetProperty("amount").GetDecimal());
        Assert.True(granted.GetProperty("expiresAt").GetDateTimeOffset() <= ChatTestBot.Now.AddHours(72), granted.ToString());
    }

    [Theory]
    [InlineData("approve", "no-such-request")]
    [InlineData("approve", "")]
    [InlineData("delete-everything", "REQUEST")]
    public async Task Click_WithAnUnknownSubjectOrVerb_ChangesNothing(string verb, string subject)
    {
        await _bot.TeamsAsync(ChatTestBot.AliceAad, "override 100 launch");
        var id = (await RequestsAsync("marketing")).Single().Id;

        await ClickAsync(ChatTestBot.DanaAad, new JsonObject { ["verb"] = verb, ["subjectId"] = subject == "REQUEST" ? id : subject }, expectSuccess: false);

        Assert.Equal(RequestState.Pending, (await RequestsAsync("marketing")).Single().State);
        Assert.Empty(Overrides(await StatusAsync("marketing")));
    }

    /// <summary>An Action.Execute invoke with the data exactly as given (ChatTestBot's click sends only verb and subject).</summary>
    private async Task<JsonNode> ClickAsync(string aadObjectId, JsonObject data, bool expectSuccess = true)
    {
        var activity = TeamsTestHost.Fixture("invoke.adaptiveCard-action.Action.Execute.personal.json");
        activity["serviceUrl"] = _bot.Teams.ServiceUrl;
        activity["from"]!["aadObjectId"] = aadObjectId;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["value"]!["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = data["verb"]!.DeepClone(), ["data"] = data };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", _bot.Teams.SignToken());
        var response = await _bot.Client.SendAsync(request);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (expectSuccess)
        {
            response.EnsureSuccessStatusCode();
        }

        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 0 ? JsonNode.Parse(body)! : new JsonObject();
    }

    private async Task<JsonElement> StatusAsync(string team) =>
        await _bot.Bot.Admin().GetFromJsonAsync<JsonElement>($"/api/v1/teams/{team}/status");

    private static List<JsonElement> Overrides(JsonElement status) =>
        [.. status.GetProperty("pools").EnumerateArray().SelectMany(p => p.GetProperty("overrides").EnumerateArray())];

    private async Task<List<BudgetRequest>> RequestsAsync(string team) =>
        (await _bot.Bot.Services.GetRequiredService<RequestStore>().OfTeamAsync(team, CancellationToken.None))
            .Select(s => s.Request).ToList();
}
