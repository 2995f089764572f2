using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Chat;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Identity;

/// <summary>Two instances linking people at once, over one Azurite: every link kept, each written and audited once.</summary>
public sealed class ConcurrentLinkTests
{
    [Fact]
    public async Task TwoInstancesLinkingTheSamePeopleAtOnce_KeepOneConsistentRecordEach()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));
        var prefix = BotFactory.NewPrefix();
        await using var first = new BotFactory(storage, prefix, time: time);
        await using var second = new BotFactory(storage, prefix, time: time);
        const int People = 8;
        for (var i = 0; i < People; i++)
        {
            await AdminCalls.Ok(first.Admin().PutAsJsonAsync($"/api/v1/people/p{i}", new { displayName = $"Person {i}", email = $"p{i}@contoso.com", roles = Array.Empty<string>() }));
        }

        var a = first.Services.GetRequiredService<PersonLinks>();
        var b = second.Services.GetRequiredService<PersonLinks>();
        // For each person at the same moment: both instances link the same Slack id, and one also
        // links the Teams id (a different field of the same row). Neither write may lose the other.
        var work = Enumerable.Range(0, People).SelectMany(i => new[]
        {
            Task.Run(() => a.LinkAsync($"p{i}", ChatChannels.SlackPlatform, $"U{i}", CancellationToken.None)),
            Task.Run(() => b.LinkAsync($"p{i}", ChatChannels.SlackPlatform, $"U{i}", CancellationToken.None)),
            Task.Run(() => b.LinkAsync($"p{i}", ChatChannels.TeamsPlatform, $"aad-{i}", CancellationToken.None)),
        });
        var results = await Task.WhenAll(work);

        Assert.All(results, Assert.NotNull);
        var store = first.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        var directory = await store.CurrentAsync();
        for (var i = 0; i < People; i++)
        {
            var person = directory.FindPerson($"p{i}")!;
            Assert.Equal($"U{i}", person.SlackUserId);
            Assert.Equal($"aad-{i}", person.TeamsAadObjectId);
            Assert.Equal($"p{i}@contoso.com", person.Email);
        }

        var audit = await first.Admin().GetFromJsonAsync<JsonElement>("/api/v1/audit");
        var links = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "person.link").ToList();
        // One Slack link and one Teams link per person: the losing Slack writer found the link already made.
        Assert.Equal(2 * People, links.Count);
    }

    [Fact]
    public async Task Link_WhenTheRowNamesAnotherAccount_KeepsTheAdminsWord()
    {
        var storage = (await Azurite.SharedAsync()).ConnectionString;
        await using var bot = new BotFactory(storage, BotFactory.NewPrefix());
        await AdminCalls.Ok(bot.Admin().PutAsJsonAsync("/api/v1/people/kim", new { displayName = "Kim", email = "kim@contoso.com", slackUserId = "U0KIM", roles = Array.Empty<string>() }));

        var linked = await bot.Services.GetRequiredService<PersonLinks>().LinkAsync("kim", ChatChannels.SlackPlatform, "U0IMPOSTOR", CancellationToken.None);

        Assert.Null(linked);
        var store = bot.Services.GetRequiredService<DirectoryStore>();
        store.Invalidate();
        Assert.Equal("U0KIM", (await store.CurrentAsync()).FindPerson("kim")!.SlackUserId);
    }
}
