using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Charts;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Notifications;

/// <summary>
/// POSTs every notification as JSON <c>{ "kind", "team", "pool", "period", … }</c>, signed
/// <c>X-AiBudget-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c> so the receiver can
/// tell it came from us. 2xx is accepted; 429 and 5xx are retried (honouring Retry-After);
/// any other answer is a permanent failure.
/// </summary>
public sealed class WebhookChannel(HttpClient http, IOptions<WebhookOptions> options, ChartLinks? chartLinks = null) : INotificationChannel
{
    public const string SignatureHeader = "X-AiBudget-Signature";

    public string Name => "webhook";

    public async Task<DeliveryResult> DeliverAsync(OutboundNotification notification, Team? team, CancellationToken cancellationToken)
    {
        if (options.Value.Url is not { Length: > 0 } url)
        {
            return DeliveryResult.NotApplicable;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(notification, chartLinks is null ? null : chartLinks.LinkFor));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(options.Value.Secret!, body));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            return DeliveryResult.Retry($"webhook answered {(int)response.StatusCode}", response.Headers.RetryAfter?.Delta);
        }

        return DeliveryResult.Failed($"webhook answered {(int)response.StatusCode}");
    }

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>
    /// The contract's flat shape: identity first, then the kind's fields, then readable text, then
    /// the message's charts with their data and, when the bot has a public URL, a signed link to the picture.
    /// </summary>
    public static Dictionary<string, object?> Payload(OutboundNotification notification, Func<ChartBlock, Uri?>? chartLink = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["id"] = notification.Id,
            ["kind"] = notification.Kind,
            ["team"] = notification.TeamId,
            ["pool"] = notification.PoolId,
            ["period"] = notification.Period,
        };
        foreach (var (key, value) in notification.Fields)
        {
            payload.TryAdd(key, value);
        }

        payload["title"] = notification.Message.Title;
        payload["text"] = notification.Message.Text;
        var charts = notification.Message.Blocks.OfType<ChartBlock>().Select(chart => Chart(chart, chartLink?.Invoke(chart))).ToList();
        if (charts.Count > 0)
        {
            payload["charts"] = charts;
        }

        return payload;
    }

    private static Dictionary<string, object?> Chart(ChartBlock chart, Uri? link) => new()
    {
        ["kind"] = JsonNamingPolicy.CamelCase.ConvertName(chart.Kind.ToString()),
        ["title"] = chart.Title,
        ["url"] = link?.AbsoluteUri,
        ["xAxisTitle"] = chart.XAxisTitle,
        ["yAxisTitle"] = chart.YAxisTitle,
        ["currency"] = chart.Currency,
        ["max"] = chart.Max,
        ["series"] = chart.Series.Select(s => new Dictionary<string, object?>
        {
            ["legend"] = s.Legend,
            ["points"] = s.Points.Select(p => new Dictionary<string, object?> { ["label"] = p.Label, ["value"] = p.Value }).ToList(),
        }).ToList(),
        ["summary"] = ChartText.Summary(chart),
    };
}
