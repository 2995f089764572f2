using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// Pages through a provider's cost API. A 429 waits for its <c>Retry-After</c> and asks again
/// (a few times); a 401 or 403 ends the fetch at once with an error naming the key to fix, so a
/// refused key is reported each run and never retried in a loop.
/// </summary>
public abstract class CostApiClient(HttpClient http, ConnectorDelay delay, TimeProvider time, ILogger logger)
{
    private const int MaxAttempts = 5;
    private const int MaxPages = 1000;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    public abstract string Provider { get; }

    /// <summary>The setting that holds the key, for messages ("Connectors:OpenAI:AdminKey").</summary>
    protected abstract string KeySetting { get; }

    protected abstract HttpRequestMessage PageRequest(Uri baseUrl, DateTimeOffset from, string? page);

    /// <summary>Reads one page: its lines and the next page's token (null at the end).</summary>
    protected abstract (IReadOnlyList<CostLine> Lines, string? NextPage) ReadPage(JsonElement root);

    public async Task<CostFetch> FetchAsync(Uri baseUrl, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var lines = new List<CostLine>();
        string? page = null;
        for (var pages = 1; pages <= MaxPages; pages++)
        {
            var (root, error, status) = await GetPageAsync(baseUrl, from, page, cancellationToken);
            if (error is not null)
            {
                return new CostFetch(lines, pages - 1, error, status);
            }

            using (root)
            {
                var (found, next) = ReadPage(root!.RootElement);
                lines.AddRange(found);
                if (next is null)
                {
                    return new CostFetch(lines, pages, null);
                }

                page = next;
            }
        }

        return new CostFetch(lines, MaxPages, $"{Provider} returned more than {MaxPages} pages; the rest is read at the next run.");
    }

    private async Task<(JsonDocument? Root, string? Error, int? Status)> GetPageAsync(Uri baseUrl, DateTimeOffset from, string? page, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = PageRequest(baseUrl, from, page);
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (null, $"{Provider} could not be reached ({e.Message}); the next run tries again.", null);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    // The key is wrong or lacks the admin scope: asking again cannot help.
                    logger.LogWarning("{Provider} refused the admin key with {Status}; check {Setting}", Provider, status, KeySetting);
                    return (null, $"{Provider} answered {status}: the admin key was refused. Set {KeySetting} to an admin key of the organization.", status);
                }

                if ((response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500) && attempt < MaxAttempts)
                {
                    var wait = RetryAfter(response, time.GetUtcNow()) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                    await delay.WaitAsync(wait > MaxRetryAfter ? MaxRetryAfter : wait, cancellationToken);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return (null, $"{Provider} answered {status}; the next run tries again.", status);
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                try
                {
                    return (await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken), null, null);
                }
                catch (JsonException e)
                {
                    return (null, $"{Provider} answered with something that is not JSON ({e.Message}).", status);
                }
            }
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - now : null);

    protected static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    protected static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
