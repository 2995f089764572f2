using System.Text;
using System.Text.Json;
using AiBudgetBot.Http;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Usage;

/// <summary><c>POST /api/v1/usage</c> and its LiteLLM flavour: count what gateways report, exactly once.</summary>
public static class UsageApi
{
    private delegate (Core.Spend.UsageEvent? Event, string? Id, List<string> Errors) ItemReader(JsonElement json);

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/usage").AddEndpointFilter(new ApiKeyFilter(ApiScope.Ingestion));
        group.MapPost("", (HttpRequest request, UsageIngestion ingestion, CancellationToken ct) =>
            IngestAsync(request, ingestion, UsageEventReader.Read, ct));
        group.MapPost("/litellm", (HttpRequest request, UsageIngestion ingestion, CancellationToken ct) =>
            IngestAsync(request, ingestion, LiteLlmPayloadReader.Read, ct));
        return app;
    }

    private static async Task<IResult> IngestAsync(HttpRequest request, UsageIngestion ingestion, ItemReader reader, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge($"Send at most {RequestBody.MaxBytes / (1024 * 1024)} MiB per request; split larger batches.");
        }

        var items = IsNdjson(request.ContentType) ? ReadNdjson(body, reader) : ReadJson(body, reader);
        if (items.Error is { } error)
        {
            return Problems.BadRequest(error);
        }

        try
        {
            var result = await ingestion.IngestAsync(items.Items!, cancellationToken);
            return Results.Ok(result);
        }
        catch (StoreUnavailableException e)
        {
            return Problems.Unavailable(e.Message);
        }
    }

    private static bool IsNdjson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/jsonl", StringComparison.OrdinalIgnoreCase));

    private static (List<ParsedItem>? Items, string? Error) ReadJson(byte[] body, ItemReader reader)
    {
        JsonDocument document;
        try
        {
            document = StrictJson.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not valid JSON ({e.Message}). Send one event, an array of events, or NDJSON with Content-Type application/x-ndjson.");
        }

        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Array
                ? root.EnumerateArray().Select(e => Parse(e, reader)).ToList()
                : [Parse(root, reader)];
            return (items, null);
        }
    }

    private static (List<ParsedItem>? Items, string? Error) ReadNdjson(byte[] body, ItemReader reader)
    {
        var items = new List<ParsedItem>();
        foreach (var line in Encoding.UTF8.GetString(body).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = StrictJson.Parse(line);
                items.Add(Parse(document.RootElement, reader));
            }
            catch (JsonException e)
            {
                items.Add(new ParsedItem(null, null, [$"line {items.Count + 1} is not valid JSON ({e.Message})."]));
            }
        }

        return (items, null);
    }

    private static ParsedItem Parse(JsonElement element, ItemReader reader)
    {
        var (usage, id, errors) = reader(element);
        return new ParsedItem(usage, id, errors);
    }
}
