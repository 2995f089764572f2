using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// OpenAI's organization Costs API: <c>GET {BaseUrl}organization/costs?start_time=…&amp;bucket_width=1d
/// &amp;group_by=project_id&amp;group_by=line_item</c>, paged through <c>next_page</c>; amounts in dollars.
/// </summary>
public sealed class OpenAiCostClient(HttpClient http, ConnectorDelay delay, TimeProvider time, Microsoft.Extensions.Options.IOptions<ConnectorsOptions> options, ILogger<OpenAiCostClient> logger)
    : CostApiClient(http, delay, time, logger)
{
    public override string Provider => "openai";

    protected override string KeySetting => "Connectors:OpenAI:AdminKey";

    protected override HttpRequestMessage PageRequest(Uri baseUrl, DateTimeOffset from, string? page)
    {
        var query = $"organization/costs?start_time={Unix(from)}&bucket_width=1d&group_by=project_id&group_by=line_item&limit=180"
            + (page is null ? "" : "&page=" + Uri.EscapeDataString(page));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.OpenAI.AdminKey);
        return request;
    }

    protected override (IReadOnlyList<CostLine> Lines, string? NextPage) ReadPage(JsonElement root)
    {
        var lines = new List<CostLine>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var bucket in data.EnumerateArray())
            {
                var start = DateTimeOffset.FromUnixTimeSeconds(bucket.GetProperty("start_time").GetInt64());
                var end = DateTimeOffset.FromUnixTimeSeconds(bucket.GetProperty("end_time").GetInt64());
                if (!bucket.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var amount = result.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
                    var value = amount.ValueKind == JsonValueKind.Object && amount.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : 0m;
                    var currency = Text(amount, "currency") ?? "usd";
                    var lineItem = Text(result, "line_item");
                    // "gpt-4o-2024-08-06, input": the model is the part before the comma.
                    var model = lineItem?.Split(',')[0].Trim();
                    lines.Add(new CostLine(start, end, Text(result, "project_id"), lineItem, model, value, currency.ToUpperInvariant()));
                }
            }
        }

        var more = root.TryGetProperty("has_more", out var hasMore) && hasMore.ValueKind == JsonValueKind.True;
        return (lines, more ? Text(root, "next_page") : null);
    }
}
