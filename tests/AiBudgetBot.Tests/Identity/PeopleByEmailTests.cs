using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Chat;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiBudgetBot.Tests.Identity;

/// <summary><c>PUT /api/v1/people</c>: people from emails and roles, no platform id; linked accounts survive updates.</summary>
public sealed class PeopleByEmailTests
{
    [Fact]
    public async Task BulkPut_CreatesPeopleFromEmails_AndAnUpdateKeepsLinkedAccounts()
    {
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix());
        var admin = bot.Admin();

        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people", new object[]
        {
            new { email = "Dana.Reyes@contoso.com", name = "Dana Reyes", roles = new[] { "admin" } },
            new { email = "sam@contoso.com", roles = Array.Empty<string>() },
            new { email = "sam@fabrikam.com", roles = Array.Empty<string>() },
        }));
        await bot.Services.GetRequiredService<PersonLinks>().LinkAsync("dana.reyes", ChatChannels.SlackPlatform, "U0DANA", CancellationToken.None);
        // The same list again with a new role, and Dana's person record PUT without ids (as a policy file does).
        var again = await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people", new object[]
        {
            new { email = "dana.reyes@CONTOSO.com", name = "Dana Reyes", roles = new[] { "admin", "finance" } },
        }));
        await AdminCalls.Ok(admin.PutAsJsonAsync("/api/v1/people/sam", new { displayName = "Sam Lee", email = "sam@contoso.com", roles = Array.Empty<string>() }));

        var store = bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        var people = (await store.CurrentAsync()).People.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["dana.reyes", "sam", "sam.fabrikam.com"], people.Select(p => p.Id));
        var dana = people[0];
        Assert.Equal("U0DANA", dana.SlackUserId);
        Assert.Equal(["admin", "finance"], dana.Roles);
        Assert.Null(people[1].TeamsAadObjectId);
        Assert.Equal("Sam Lee", people[1].DisplayName);
        var answer = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dana.reyes", answer[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task BulkPut_WithABadEmail_Is400WithWhatToFix_AndStoresNothing()
    {
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix());

        var response = await bot.Admin().PutAsJsonAsync("/api/v1/people", new object[]
        {
            new { email = "ok@contoso.com", roles = Array.Empty<string>() },
            new { email = "not-an-email", roles = Array.Empty<string>() },
            new { email = "OK@contoso.com", roles = Array.Empty<string>() },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = await response.Content.ReadAsStringAsync();
        Assert.Contains("[1].email must be a work email", detail);
        Assert.Contains("appears twice", detail);
        var store = bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        Assert.Empty((await store.CurrentAsync()).People);
    }
}
