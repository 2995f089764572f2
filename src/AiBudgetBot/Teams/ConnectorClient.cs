using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AiBudgetBot.Organization;

namespace AiBudgetBot.Teams;

/// <summary>
/// The Bot Connector REST calls the bot needs (PROTOCOLS.md, Outbound), against the conversation's
/// own <c>serviceUrl</c>. Retries 429 and 5xx a bounded number of times, honouring Retry-After;
/// what is still failing after that is handed back as a typed result for the caller to schedule.
/// </summary>
public sealed class ConnectorClient(HttpClient http, BotTokenProvider tokens, ConnectorRetryDelay delay, TimeProvider timeProvider, ILogger<ConnectorClient> logger)
{
    public const int MaxAttempts = 3;

    /// <summary>A longer Retry-After than this is not waited out inline; the caller retries later.</summary>
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    public Task<ConnectorResult> ReplyAsync(string serviceUrl, string conversationId, string activityId, Activity reply, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", reply, cancellationToken);

    public Task<ConnectorResult> SendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, cancellationToken);

    public Task<ConnectorResult> UpdateAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);

    public Task<ConnectorResult> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken);

    /// <summary>One member of a conversation (email, userPrincipalName, aadObjectId, tenantId); 404 when not a member.</summary>
    public Task<ConnectorResult> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken) =>
        SendAsync<object?>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(userId)}", null, cancellationToken);

    /// <summary>One page of a team's roster (<c>{ members, continuationToken }</c>); pass the token back for the next.</summary>
    public Task<ConnectorResult> GetPagedMembersAsync(string serviceUrl, string conversationId, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = "?pageSize=500" + (string.IsNullOrEmpty(continuationToken) ? "" : "&continuationToken=" + Uri.EscapeDataString(continuationToken));
        return SendAsync<object?>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/pagedmembers{query}", null, cancellationToken);
    }

    private async Task<ConnectorResult> SendAsync<T>(HttpMethod method, string serviceUrl, string relative, T body, CancellationToken cancellationToken)
    {
        if (!OutboundUrl.IsAllowed(serviceUrl))
        {
            // Never send the bot's token to a plain-http host.
            return new ConnectorResult(ConnectorStatus.Failed, Detail: "serviceUrl is neither https nor loopback");
        }

        var target = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), relative);
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, TeamsJson.Options);
        var refreshedToken = false;
        ConnectorResult last = new(ConnectorStatus.Transient, Detail: "not attempted");
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(method, target);
                if (payload is not null)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                }

                if (await tokens.GetTokenAsync(cancellationToken) is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await SuccessAsync(response, cancellationToken);
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshedToken)
                {
                    // A rotated secret or revoked token: fetch a new one once, then give up.
                    refreshedToken = true;
                    tokens.Invalidate();
                    attempt--;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Forbidden)
                {
                    return text.Contains("MessageWritesBlocked", StringComparison.OrdinalIgnoreCase)
                        ? new ConnectorResult(ConnectorStatus.Blocked, Detail: "MessageWritesBlocked: the bot was blocked in this conversation")
                        : new ConnectorResult(ConnectorStatus.Failed, Detail: $"403 from the Bot Connector: {Shorten(text)}");
                }

                if (response.StatusCode == HttpStatusCode.NotFound && method == HttpMethod.Get)
                {
                    return new ConnectorResult(ConnectorStatus.NotFound, Detail: $"404 from the Bot Connector: {Shorten(text)}");
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests && status < 500)
                {
                    return new ConnectorResult(ConnectorStatus.Failed, Detail: $"{status} from the Bot Connector: {Shorten(text)}");
                }

                wait = RetryAfter(response) ?? Backoff(attempt);
                last = new ConnectorResult(ConnectorStatus.Transient, RetryAfter: wait, Detail: $"{status} from the Bot Connector");
            }
            catch (Exception e) when (e is HttpRequestException or BotTokenException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                wait = Backoff(attempt);
                last = new ConnectorResult(ConnectorStatus.Transient, RetryAfter: wait, Detail: e.Message);
            }

            if (attempt == MaxAttempts || wait > MaxInlineWait)
            {
                break;
            }

            logger.LogInformation("Bot Connector {Method} {Path} attempt {Attempt} failed ({Detail}); retrying in {Wait}", method, relative, attempt, last.Detail, wait);
            await delay.WaitAsync(wait, cancellationToken);
        }

        return last;
    }

    private static async Task<ConnectorResult> SuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ConnectorResult(ConnectorStatus.Ok);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new ConnectorResult(ConnectorStatus.Ok, Id: StringProperty(root, "id"), ActivityId: StringProperty(root, "activityId"), Body: root.Clone());
        }
        catch (JsonException)
        {
            return new ConnectorResult(ConnectorStatus.Ok);
        }
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var left = date - timeProvider.GetUtcNow();
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }

        return null;
    }

    private static TimeSpan Backoff(int attempt) => FirstBackoff * Math.Pow(2, attempt - 1);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
