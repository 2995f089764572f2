using System.Text.Json;
using AiBudgetBot.Charts;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Http;
using AiBudgetBot.Notifications;
using AiBudgetBot.Organization;
using AiBudgetBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiBudgetBot.Tests.Charts;

public sealed class WebhookChartTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ChartInANotification_CarriesItsDataAndASignedLinkThatOpens()
    {
        var links = Links("https://bot.example.com/");

        await Deliver(links);

        var chart = Assert.Single(Assert.Single(_receiver.Accepted).GetProperty("charts").EnumerateArray());
        Assert.Equal("groupedVerticalBar", chart.GetProperty("kind").GetString());
        Assert.Equal("USD", chart.GetProperty("currency").GetString());
        Assert.Equal("Budget", chart.GetProperty("series")[1].GetProperty("legend").GetString());
        Assert.Equal(4210.55m, chart.GetProperty("series")[0].GetProperty("points")[0].GetProperty("value").GetDecimal());
        Assert.Equal("Marketing", chart.GetProperty("series")[0].GetProperty("points")[0].GetProperty("label").GetString());

        var url = new Uri(chart.GetProperty("url").GetString()!);
        Assert.Equal("bot.example.com", url.Host);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var opened = links.Open(url.AbsolutePath, query["expires"], query["sig"]);
        Assert.NotNull(opened);
        Assert.Equal(SampleCharts.SpendVsBudget.Series[0].Points, opened.Series[0].Points);
    }

    [Fact]
    public async Task WithoutAPublicUrl_TheChartCarriesItsDataOnly()
    {
        await Deliver(Links(null));

        var chart = Assert.Single(Assert.Single(_receiver.Accepted).GetProperty("charts").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, chart.GetProperty("url").ValueKind);
        Assert.Equal(4, chart.GetProperty("series")[0].GetProperty("points").GetArrayLength());
    }

    private async Task Deliver(ChartLinks links)
    {
        var options = Options.Create(new WebhookOptions { Url = _receiver.Url, Secret = "webhook-secret-0123456789" });
        var message = new OutgoingMessage("Weekly digest", "Spend vs budget", [new TextBlock("Hello"), SampleCharts.SpendVsBudget], []);
        var notification = new OutboundNotification("n-1", "digest", "marketing", null, "2026-12", message, new Dictionary<string, object?>());

        var result = await new WebhookChannel(_http, options, links).DeliverAsync(notification, null, default);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
    }

    private ChartLinks Links(string? publicBaseUrl) => new(
        Options.Create(new OrganizationOptions { PublicBaseUrl = publicBaseUrl is null ? null : new Uri(publicBaseUrl) }),
        Options.Create(new ChartsOptions { SigningKey = "chart-signing-key-0123456789abcdef-0123" }),
        Options.Create(new AdminOptions()),
        _time);
}
