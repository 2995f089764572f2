using System.Net;
using AiBudgetBot.Charts;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Organization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;

namespace AiBudgetBot.Tests.Charts;

public sealed class ChartLinkTests
{
    private const string Key = "chart-signing-key-0123456789abcdef-0123";

    [Fact]
    public async Task SignedLink_ServesThePictureOfItsChart()
    {
        await using var host = await ChartHost.StartAsync();
        var link = host.Links.LinkFor(SampleCharts.SpendVsBudget)!;

        Assert.StartsWith("https://bot.example.com/charts/", link.AbsoluteUri, StringComparison.Ordinal);
        using var response = await host.Client.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((ChartPainter.Width, ChartPainter.Height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task PublicUrlWithAPath_KeepsItsPath()
    {
        // Behind a proxy that strips /aibudget, the app sees /charts/…: that is what is signed.
        await using var host = await ChartHost.StartAsync(new() { ["Organization:PublicBaseUrl"] = "https://bot.example.com/aibudget" });

        Assert.StartsWith("https://bot.example.com/aibudget/charts/", host.Links.LinkFor(SampleCharts.SpendPerTeam)!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedSignature_Is404()
    {
        await using var host = await ChartHost.StartAsync();
        var link = host.Links.LinkFor(SampleCharts.SpendPerTeam)!.PathAndQuery;
        var sig = link[(link.IndexOf("sig=", StringComparison.Ordinal) + 4)..];
        var forged = link.Replace("sig=" + sig, "sig=" + (sig[0] == 'A' ? 'B' : 'A') + sig[1..], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(link[..link.IndexOf("&sig=", StringComparison.Ordinal)])).StatusCode);
    }

    [Fact]
    public async Task OtherDataUnderAValidSignature_Is404()
    {
        // Someone swaps in their own numbers and keeps our signature.
        await using var host = await ChartHost.StartAsync();
        var ours = host.Links.LinkFor(SampleCharts.SpendPerTeam)!.PathAndQuery;
        var theirs = host.Links.LinkFor(SampleCharts.SpendByModel)!.PathAndQuery;
        var swapped = theirs[..theirs.IndexOf('?', StringComparison.Ordinal)] + ours[ours.IndexOf('?', StringComparison.Ordinal)..];

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(swapped)).StatusCode);
    }

    [Fact]
    public async Task LaterExpiryUnderTheSameSignature_Is404()
    {
        await using var host = await ChartHost.StartAsync();
        var link = host.Links.LinkFor(SampleCharts.SpendPerTeam)!.PathAndQuery;
        var expires = long.Parse(System.Web.HttpUtility.ParseQueryString(link[link.IndexOf('?', StringComparison.Ordinal)..])["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        var extended = link.Replace($"expires={expires}", $"expires={expires + 86_400}", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(extended)).StatusCode);
    }

    [Fact]
    public async Task ExpiredLink_Is404()
    {
        await using var host = await ChartHost.StartAsync();
        var link = host.Links.LinkFor(SampleCharts.BudgetUsed)!.PathAndQuery;

        host.Time.Advance(TimeSpan.FromDays(34));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(link)).StatusCode);

        host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task LinkFromOneInstance_OpensOnAnother_ButNotOnAnotherDeployment()
    {
        await using var first = await ChartHost.StartAsync();
        await using var second = await ChartHost.StartAsync();
        await using var elsewhere = await ChartHost.StartAsync(new() { ["Charts:SigningKey"] = "another-deployments-key-0123456789abcdef" });
        var link = first.Links.LinkFor(SampleCharts.DailySpend)!.PathAndQuery;

        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.Client.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task WithoutItsOwnKey_TheKeyIsDerivedFromTheAdminKey()
    {
        var settings = new Dictionary<string, string?> { ["Charts:SigningKey"] = "", ["Admin:ApiKey"] = "admin-key-0123456789abcdef" };
        await using var first = await ChartHost.StartAsync(settings);
        await using var second = await ChartHost.StartAsync(settings);
        var link = first.Links.LinkFor(SampleCharts.SpendPerTeam)!;

        Assert.DoesNotContain("admin-key", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync(link.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task WithoutAPublicUrlOrAKey_ThereIsNoLink()
    {
        await using var noUrl = await ChartHost.StartAsync(new() { ["Organization:PublicBaseUrl"] = null });
        await using var noKey = await ChartHost.StartAsync(new() { ["Charts:SigningKey"] = "", ["Admin:ApiKey"] = "" });

        Assert.Null(noUrl.Links.LinkFor(SampleCharts.SpendPerTeam));
        Assert.Null(noKey.Links.LinkFor(SampleCharts.SpendPerTeam));
        Assert.Equal(HttpStatusCode.NotFound, (await noKey.Client.GetAsync("/charts/abc.png?expires=99999999999&sig=x")).StatusCode);
    }

    [Fact]
    public async Task DigestSizedChart_FitsInALink_AndAHugeOneDoesNot()
    {
        await using var host = await ChartHost.StartAsync();
        var twelveTeams = new ChartBlock(ChartKind.GroupedVerticalBar, "Spend vs budget by team, December",
        [
            new ChartSeries("Spent", [.. Enumerable.Range(0, 12).Select(i => new ChartPoint($"team-{i}", 1234.56m + i))]),
            new ChartSeries("Budget", [.. Enumerable.Range(0, 12).Select(i => new ChartPoint($"team-{i}", 5000m))]),
        ]) { Currency = "USD", XAxisTitle = "Team", YAxisTitle = "USD" };
        var huge = new ChartBlock(ChartKind.VerticalBar, "Every user", [new ChartSeries("Spent", [.. Enumerable.Range(0, 2000).Select(i => new ChartPoint(Guid.NewGuid().ToString(), i))])]);

        var link = host.Links.LinkFor(twelveTeams);
        Assert.NotNull(link);
        Assert.True(link.AbsoluteUri.Length < ChartLinks.MaxUrlLength, $"{link.AbsoluteUri.Length} characters");
        Assert.Null(host.Links.LinkFor(huge));
    }

    /// <summary>The charts slice alone (AddCharts/MapChartsApi, as Program.cs calls them) on a test server with a fake clock.</summary>
    private sealed class ChartHost : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ChartHost(WebApplication app, FakeTimeProvider time)
        {
            _app = app;
            Time = time;
            Client = app.GetTestClient();
            Links = app.Services.GetRequiredService<ChartLinks>();
        }

        public FakeTimeProvider Time { get; }

        public HttpClient Client { get; }

        public ChartLinks Links { get; }

        public static async Task<ChartHost> StartAsync(Dictionary<string, string?>? overrides = null)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            var settings = new Dictionary<string, string?>
            {
                ["Organization:PublicBaseUrl"] = "https://bot.example.com",
                ["Charts:SigningKey"] = Key,
            };
            foreach (var (key, value) in overrides ?? [])
            {
                settings[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(settings);
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddOptions<OrganizationOptions>().BindConfiguration(OrganizationOptions.Section);
            builder.Services.AddOptions<AiBudgetBot.Http.AdminOptions>().BindConfiguration(AiBudgetBot.Http.AdminOptions.Section);
            builder.AddCharts();
            var app = builder.Build();
            app.MapChartsApi();
            await app.StartAsync();
            return new ChartHost(app, time);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
