using System.Globalization;
using System.Text.Json;

namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// Anthropic's Admin API cost report: <c>GET {BaseUrl}organizations/cost_report?starting_at=…
/// &amp;group_by[]=workspace_id&amp;group_by[]=description</c>, paged through <c>next_page</c>. Amounts
/// are decimal strings in the currency's lowest unit (cents), so they are divided by 100.
/// </summary>
public sealed class AnthropicCostClient(HttpClient http, ConnectorDelay delay, TimeProvider time, Microsoft.Extensions.Options.IOptions<ConnectorsOptions> options, ILogger<AnthropicCostClient> logger)
    : CostApiClient(http, delay, time, logger)
{
    public const string ApiVersion = "2023-06-01";

    public override string Provider => "anthropic";

    protected override string KeySetting => "Connectors:Anthropic:AdminKey";

    protected override HttpRequestMessage PageRequest(Uri baseUrl, DateTimeOffset from, string? page)
    {
        var query = $"organizations/cost_report?starting_at={Uri.EscapeDataString(from.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}"
            + "&group_by[]=workspace_id&group_by[]=description&limit=31"
            + (page is null ? "" : "&page=" + Uri.EscapeDataString(page));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, query));
        request.Headers.Add("x-api-key", options.Value.Anthropic.AdminKey);
        request.Headers.Add("anthropic-version", ApiVersion);
        return request;
    }

    protected override (IReadOnlyList<CostLine> Lines, string? NextPage) ReadPage(JsonElement root)
    {
        var lines = new List<CostLine>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var bucket in data.EnumerateArray())
            {
                var start = DateTimeOffset.Parse(Text(bucket, "starting_at")!, CultureInfo.InvariantCulture);
                var end = DateTimeOffset.Parse(Text(bucket, "ending_at")!, CultureInfo.InvariantCulture);
                if (!bucket.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var cents = decimal.TryParse(Text(result, "amount"), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0m;
                    var lineItem = Text(result, "description") ?? string.Join(' ', new[] { Text(result, "model"), Text(result, "cost_type"), Text(result, "token_type") }.Where(t => t is not null));
                    lines.Add(new CostLine(start, end, Text(result, "workspace_id"), lineItem, Text(result, "model"), cents / 100m, (Text(result, "currency") ?? "USD").ToUpperInvariant()));
                }
            }
        }

        var more = root.TryGetProperty("has_more", out var hasMore) && hasMore.ValueKind == JsonValueKind.True;
        return (lines, more ? Text(root, "next_page") : null);
    }
}
