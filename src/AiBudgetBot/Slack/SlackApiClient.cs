using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// The few Slack Web API methods the bot calls. Slack reports failure as HTTP 200 with
/// <c>ok:false</c>; we turn that into <see cref="SlackApiException"/>. A 429 is sat out for
/// <c>Retry-After</c> a bounded number of times, then handed to the caller (the outbox retries later).
/// </summary>
public sealed class SlackApiClient(
    HttpClient http,
    IOptions<SlackOptions> options,
    SlackChannelPacer pacer,
    SlackDelay delay,
    SlackWorkspace workspace,
    ILogger<SlackApiClient> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>files.getUploadURLExternal refuses longer alt texts (alt_txt_too_large).</summary>
    private const int MaxUploadAltText = 1000;
    /// <summary>A roster larger than this is refused: no channel of a budget team is that big, and memory stays bounded.</summary>
    private const int MaxRosterSize = 20_000;

    public async Task<SlackApiResult> PostMessageAsync(ChatPostMessage message, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(message.Channel, cancellationToken);
        return await CallAsync("chat.postMessage", message, cancellationToken);
    }

    public Task<SlackApiResult> UpdateAsync(ChatUpdate update, CancellationToken cancellationToken) =>
        CallAsync("chat.update", update, cancellationToken);

    public Task<SlackApiResult> PostEphemeralAsync(ChatPostEphemeral message, CancellationToken cancellationToken) =>
        CallAsync("chat.postEphemeral", message, cancellationToken);

    /// <summary>Opens (or finds) the DM with a user and returns its channel id.</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await CallAsync("conversations.open", new ConversationsOpen(userId), cancellationToken);
        return result.Channel ?? throw new SlackApiException("conversations.open", "no_channel_in_response");
    }

    /// <summary>
    /// Posts to a <c>response_url</c>. It is a capability URL, so no bot token goes with it, and
    /// it must pass the https-or-loopback rule like every outside endpoint.
    /// </summary>
    public async Task PostToResponseUrlAsync(Uri responseUrl, SlackResponseMessage message, CancellationToken cancellationToken)
    {
        if (!OutboundUrl.IsAllowed(responseUrl))
        {
            throw new SlackApiException("response_url", "response_url_not_allowed");
        }

        using var response = await http.PostAsJsonAsync(responseUrl, message, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException("response_url", $"http_{(int)response.StatusCode}", response.StatusCode);
        }
    }

    /// <summary>
    /// Step 1 of Slack's external upload (files.upload is retired): where to send <paramref name="length"/>
    /// bytes, and the file's id. Form-encoded, as Slack documents for the file methods.
    /// </summary>
    public async Task<SlackUploadTicket> GetUploadUrlExternalAsync(string filename, int length, string? altText, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string> { ["filename"] = filename, ["length"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(altText))
        {
            fields["alt_txt"] = altText.Length <= MaxUploadAltText ? altText : altText[..(MaxUploadAltText - 1)] + "…";
        }

        const string Method = "files.getUploadURLExternal";
        using var document = await SendAsync(Method, () => new FormUrlEncodedContent(fields), cancellationToken);
        var root = document.RootElement;
        var uploadUrl = root.TryGetProperty("upload_url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var fileId = root.TryGetProperty("file_id", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (fileId is null || !Uri.TryCreate(uploadUrl, UriKind.Absolute, out var url))
        {
            throw new SlackApiException(Method, "no_upload_url_in_response");
        }

        return new SlackUploadTicket(url, fileId);
    }

    /// <summary>
    /// Step 2: the bytes, POSTed raw to the upload URL Slack gave. Like <c>response_url</c> it is a
    /// capability URL, so the bot token does not go with it, and it must be https (or loopback).
    /// </summary>
    public async Task UploadBytesAsync(Uri uploadUrl, byte[] bytes, string contentType, CancellationToken cancellationToken)
    {
        if (!OutboundUrl.IsAllowed(uploadUrl))
        {
            throw new SlackApiException("upload_url", "upload_url_not_allowed");
        }

        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.PostAsync(uploadUrl, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException("upload_url", $"http_{(int)response.StatusCode}", response.StatusCode);
        }
    }

    /// <summary>
    /// Step 3: finishes the upload (without it Slack discards the bytes). No channel: the file stays
    /// unshared and is shown by an image block's <c>slack_file</c> in the message itself.
    /// </summary>
    public async Task CompleteUploadExternalAsync(string fileId, string title, CancellationToken cancellationToken)
    {
        var files = JsonSerializer.Serialize(new[] { new { id = fileId, title } });
        using var _ = await SendAsync("files.completeUploadExternal", () => new FormUrlEncodedContent(new Dictionary<string, string> { ["files"] = files }), cancellationToken);
    }

    /// <summary><c>users.info</c>: the user's profile (email needs <c>users:read.email</c>) and workspace.</summary>
    public async Task<SlackUser> UsersInfoAsync(string userId, CancellationToken cancellationToken)
    {
        using var document = await SendAsync("users.info", () => Form(("user", userId)), cancellationToken);
        return SlackUser.From(document.RootElement.GetProperty("user"));
    }

    /// <summary>
    /// The workspace the bot token belongs to (<c>auth.test</c>'s <c>team_id</c>), asked once: only
    /// this workspace's people are looked up.
    /// </summary>
    public async Task<string> WorkspaceAsync(CancellationToken cancellationToken)
    {
        if (workspace.Id is { } known)
        {
            return known;
        }

        using var document = await SendAsync("auth.test", () => Form(), cancellationToken);
        var team = SlackInboundMessage.Str(document.RootElement, "team_id") ?? throw new SlackApiException("auth.test", "no_team_id");
        workspace.Id = team;
        return team;
    }

    /// <summary><c>conversations.members</c>, every page: the user ids in a channel.</summary>
    public async Task<IReadOnlyList<string>> ConversationMembersAsync(string channelId, CancellationToken cancellationToken)
    {
        var members = new List<string>();
        string? cursor = null;
        do
        {
            var page = cursor;
            using var document = await SendAsync("conversations.members", () => Form(("channel", channelId), ("limit", "1000"), ("cursor", page)), cancellationToken);
            var root = document.RootElement;
            if (root.TryGetProperty("members", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                members.AddRange(list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!));
            }

            cursor = root.TryGetProperty("response_metadata", out var meta) ? SlackInboundMessage.Str(meta, "next_cursor") : null;
        }
        while (!string.IsNullOrEmpty(cursor) && members.Count < MaxRosterSize);

        // Part of a roster is not a roster: whoever is on the pages not read would look like they left.
        return string.IsNullOrEmpty(cursor) ? members : throw new SlackApiException("conversations.members", "roster_too_large");
    }

    /// <summary><c>views.publish</c>: the user's App Home tab.</summary>
    public Task<SlackApiResult> PublishHomeAsync(ViewsPublish view, CancellationToken cancellationToken) =>
        CallAsync("views.publish", view, cancellationToken);

    /// <summary>Read methods take form fields (Slack does not accept JSON bodies for them).</summary>
    private static FormUrlEncodedContent Form(params (string Key, string? Value)[] fields) =>
        new(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)));

    private async Task<SlackApiResult> CallAsync<TBody>(string method, TBody body, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(method, () => JsonContent.Create(body, options: Json), cancellationToken);
        return ToResult(document.RootElement);
    }

    /// <summary>Calls a Web API method with the bot token, sitting out 429s; returns the ok:true answer (the caller disposes it).</summary>
    private async Task<JsonDocument> SendAsync(string method, Func<HttpContent> body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var url = new Uri(BaseUrl(settings.ApiBaseUrl), method);

        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = body(),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.BotToken);

            using var response = await http.SendAsync(request, cancellationToken);

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = response.Headers.RetryAfter?.Delta ?? DefaultRetryAfter;
                if (attempt >= settings.MaxAttempts || retryAfter > TimeSpan.FromSeconds(settings.MaxRetryAfterSeconds))
                {
                    throw new SlackApiException(method, "ratelimited", response.StatusCode, retryAfter);
                }

                logger.LogInformation("Slack {Method} rate limited; retrying in {RetryAfter} (attempt {Attempt})", method, retryAfter, attempt);
                await delay.WaitAsync(retryAfter, cancellationToken);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", response.StatusCode);
            }

            return await ReadResultAsync(method, response, cancellationToken);
        }
    }

    private static async Task<JsonDocument> ReadResultAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new SlackApiException($"Slack {method} answered with something that is not JSON", e);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString() ?? "unknown_error"
                : "unknown_error";
            document.Dispose();
            throw new SlackApiException(method, error, response.StatusCode);
        }

        return document;
    }

    private static SlackApiResult ToResult(JsonElement root)
    {
        var ts = root.TryGetProperty("ts", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            string? channel = null;
        if (root.TryGetProperty("channel", out var c))
        {
            // chat.* answer "channel": "C…"; conversations.open answers "channel": { "id": "D…" }.
            channel = c.ValueKind switch
            {
                JsonValueKind.String => c.GetString(),
                JsonValueKind.Object when c.TryGetProperty("id", out var id) => id.GetString(),
                _ => null,
            };
        }

        return new SlackApiResult(ts, channel);
    }

    private static Uri BaseUrl(Uri configured) =>
        configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
}
