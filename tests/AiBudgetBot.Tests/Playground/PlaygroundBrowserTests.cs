using System.Net.Http.Json;
using System.Text.Json;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Scheduling;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AiBudgetBot.Tests.Playground;

/// <summary>
/// The playground in a real browser: the demo organization after the simulator's replay, cards
/// drawn by the official Adaptive Cards renderer and the Block Kit preview, buttons through the
/// chat handler's action path. Every test also checks the page logged no error and asked nothing
/// of any host but the bot's loopback address. Screenshots go to the test output, or to
/// docs/screenshots when AIBUDGET_SCREENSHOTS=1 (how the README's pictures are made).
/// </summary>
public sealed class PlaygroundBrowserTests(PlaygroundHost host) : IClassFixture<PlaygroundHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Budget_RenderedAsAnAdaptiveCard_ShowsTheStatusNumbers()
    {
        Assert.True(host.Replay.Accepted > 1000, $"the simulator replayed only {host.Replay.Accepted} calls");
        await using var session = await PageSession.OpenAsync(host, "alice");

        var pair = await session.SayAsync("budget");

        var baseline = await PoolAsync("marketing", "baseline");
        var video = await PoolAsync("marketing", "video-render");
        var teams = await pair.Locator(".teams-pane .ac-adaptiveCard").InnerTextAsync();
        foreach (var pool in new[] { baseline, video })
        {
            var spent = new Money(pool.GetProperty("spent").GetDecimal(), "USD").Format();
            var limit = new Money(pool.GetProperty("limit").GetDecimal(), "USD").Format();
            Assert.Contains($"{spent} of {limit}", teams);
        }

        var slack = await pair.Locator(".slack-pane").InnerTextAsync();
        Assert.Contains(new Money(video.GetProperty("spent").GetDecimal(), "USD").Format(), slack);
        Assert.Contains("Marketing", slack);
        await session.ShotAsync(pair, "budget");
        session.AssertClean();
    }

    [Fact]
    public async Task Override_AskedByAMember_ApprovedByTheOwner_UpdatesTheCard_AndTheLedger()
    {
        await using var session = await PageSession.OpenAsync(host, "marco");

        var answer = await session.SayAsync("override 150 launch week renders");
        Assert.Contains("Request sent", await answer.InnerTextAsync());

        var asked = session.Page.Locator(".feed-item[data-kind=request]", new() { HasText = "Marco Bianchi asks for a $150.00 override" });
        await asked.WaitForAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        // The card's words change when it is decided; its feed entry keeps the notification's id.
        var request = session.Page.Locator($".feed-item[data-id='{await asked.GetAttributeAsync("data-id")}']");
        var approve = request.Locator("button.ac-pushButton", new() { HasText = "Approve" });
        Assert.Equal(1, await approve.CountAsync());
        await session.ShotAsync(request, "approval-before");
        await request.Locator("button.tab", new() { HasText = "Slack" }).ClickAsync();
        await session.ShotAsync(request, "approval-slack");
        await request.Locator("button.tab", new() { HasText = "Teams" }).ClickAsync();

        // The requester cannot decide their own request: a private note, the card unchanged.
        await approve.ClickAsync();
        await request.Locator(".note").WaitForAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        Assert.Empty(await OverridesAsync());

        await session.Page.SelectOptionAsync("#person", "dana");
        await request.Locator("button.ac-pushButton", new() { HasText = "Approve" }).ClickAsync();
        await Assertions.Expect(request.Locator("button.ac-pushButton", new() { HasText = "Approve" })).ToHaveCountAsync(0, new() { Timeout = (float)Wait.TotalMilliseconds });
        var after = await request.Locator(".ac-adaptiveCard").InnerTextAsync();
        Assert.Contains("Dana Reyes", after);
        Assert.Contains("approved", after, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(request).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("updated"), new() { Timeout = (float)Wait.TotalMilliseconds });
        await session.ShotAsync(request, "approval-after");

        var overrides = await OverridesAsync();
        Assert.Single(overrides);
        Assert.Equal(150m, overrides[0].GetProperty("amount").GetDecimal());
        session.AssertClean();
    }

    [Fact]
    public async Task Alerts_AndTheOnboardingCard_AreDrawnBothWays_AndJobsRunFromThePage()
    {
        await using var session = await PageSession.OpenAsync(host, "sam");

        // The replay crossed the video pilot's thresholds: the outbox delivered the alert to the playground channel.
        var alert = session.Page.Locator(".feed-item[data-kind=threshold]", new() { HasText = "video-render" }).First;
        await alert.WaitForAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        Assert.Contains("%", await alert.Locator(".ac-adaptiveCard").InnerTextAsync());
        await session.ShotAsync(alert, "alert");
        await alert.Locator("button.tab", new() { HasText = "Slack" }).ClickAsync();
        Assert.Contains("video-render", await alert.Locator(".slack-msg").InnerTextAsync());
        await session.ShotAsync(alert, "alert-slack");

        // Support has not accepted the framework: its owner asking for money gets the onboarding card.
        var onboarding = await session.SayAsync("increase 100 more tickets before the holidays");
        var accept = onboarding.Locator(".teams-pane button.ac-pushButton");
        Assert.True(await accept.CountAsync() >= 1, "the onboarding card has an accept button");
        Assert.True(await onboarding.Locator(".slack-pane .sk-button").CountAsync() >= 1, "the Slack preview has the same button");
        await session.ShotAsync(onboarding, "onboarding");

        // Every job the deployment schedules has its button (the page lists what the API says).
        var jobs = await session.Page.Locator("button.job").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.job)");
        Assert.Contains("weekly-digest", jobs);
        foreach (var job in jobs)
        {
            await session.Page.Locator($"button.job[data-job='{job}']").ClickAsync();
            await session.Page.Locator(".toast", new() { HasText = job }).First.WaitForAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
            Assert.Equal(0, await session.Page.Locator(".toast.bad").CountAsync());
            if (job.Contains("digest", StringComparison.OrdinalIgnoreCase))
            {
                var digest = session.Page.Locator(".feed-item[data-kind=digest]").First;
                await digest.WaitForAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
                await session.ShotAsync(digest, "digest");
            }
        }

        await session.ShotAsync(session.Page.Locator("body"), "playground");
        session.AssertClean();
    }

    [Fact]
    public async Task Api_RefusesUnknownPeopleAndEmptyWords_WithProblems()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var empty = await client.PostAsJsonAsync("/playground/api/say", new { @as = "alice", text = " " });
        Assert.Equal(400, (int)empty.StatusCode);
        Assert.Contains("text", (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var stranger = await client.PostAsJsonAsync("/playground/api/say", new { @as = "nobody", text = "budget" });
        Assert.Equal(404, (int)stranger.StatusCode);
        Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> PoolAsync(string team, string pool)
    {
        using var admin = host.Admin();
        var status = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/teams/{team}/status");
        return status.GetProperty("pools").EnumerateArray().Single(p => p.GetProperty("id").GetString() == pool);
    }

    private async Task<List<JsonElement>> OverridesAsync() =>
        [.. (await PoolAsync("marketing", "baseline")).GetProperty("overrides").EnumerateArray()];

    /// <summary>One browser page on the playground, recording console errors and every request it makes.</summary>
    private sealed class PageSession : IAsyncDisposable
    {
        private readonly IBrowserContext _context;
        private readonly List<string> _errors = [];
        private readonly List<string> _requests = [];

        private PageSession(IBrowserContext context, IPage page)
        {
            _context = context;
            Page = page;
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (_errors)
                    {
                        _errors.Add(message.Text);
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (_errors)
                {
                    _errors.Add(error);
                }
            };
            page.Request += (_, request) =>
            {
                lock (_requests)
                {
                    _requests.Add(request.Url);
                }
            };
        }

        public IPage Page { get; }

        public static async Task<PageSession> OpenAsync(PlaygroundHost host, string person)
        {
            var context = await host.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1480, Height = 1000 }, Locale = "en-US", TimezoneId = "UTC" });
            var session = new PageSession(context, await context.NewPageAsync());
            await session.Page.GotoAsync(new Uri(host.BaseAddress, $"/playground?as={person}").AbsoluteUri);
            await Assertions.Expect(session.Page.Locator("#person")).ToHaveValueAsync(person, new() { Timeout = (float)Wait.TotalMilliseconds });
            return session;
        }

        /// <summary>Types <paramref name="text"/> and returns the bot's answer (the Teams and Slack panes) once drawn.</summary>
        public async Task<ILocator> SayAsync(string text)
        {
            var before = await Page.Locator(".pair").CountAsync();
            await Page.FillAsync("#text", text);
            await Page.PressAsync("#text", "Enter");
            var answer = Page.Locator(".pair").Nth(before);
            await answer.Locator(".ac-adaptiveCard").WaitForAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
            return answer;
        }

        public async Task ShotAsync(ILocator what, string name)
        {
            var folder = Environment.GetEnvironmentVariable("AIBUDGET_SCREENSHOTS") == "1"
                ? Path.Combine(Azurite.RepositoryRoot(), "docs", "screenshots")
                : Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name + ".png");
            await what.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
            Assert.True(new FileInfo(path).Length > 1000, $"screenshot {name} is empty");
        }

        /// <summary>No console error, no uncaught exception, and not one request to a host other than the bot's loopback address.</summary>
        public void AssertClean()
        {
            lock (_errors)
            {
                Assert.True(_errors.Count == 0, "console errors: " + string.Join(" | ", _errors));
            }

            lock (_requests)
            {
                Assert.NotEmpty(_requests);
                var outside = _requests.Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme != "data" && !uri.IsLoopback).ToList();
                Assert.True(outside.Count == 0, "requests off the machine: " + string.Join(", ", outside));
            }
        }

        public async ValueTask DisposeAsync() => await _context.DisposeAsync();
    }
}
