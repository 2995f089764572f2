using System.Text.Json;
using AiBudgetBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// <c>POST /api/slack/events</c>: the Events API. Acks at once (Slack retries after 3 s) and
/// answers afterwards with chat.postMessage, each event id handled once across instances.
/// </summary>
internal static class SlackEventsEndpoint
{
    public const string RetryNumHeader = "X-Slack-Retry-Num";

    /// <summary>The bot events this endpoint answers; the app manifest must subscribe to exactly these.</summary>
    public static readonly IReadOnlyList<string> SubscribedEvents = ["app_home_opened", "app_mention", "message.im"];


    public static IResult Handle(
        HttpContext http,
        SlackEventDeduplicator dedupe,
        SlackWorkQueue queue,
        IOptions<SlackOptions> options,
        ILogger<SlackEventsLog> logger)
    {
        JsonDocument document;
        try
        {
            // Lenient about trailing commas and comments: the bytes are already proven to be Slack's.
            document = Http.StrictJson.Parse(SlackVerifiedBody.From(http).Bytes.AsMemory().TrimUtf8Bom(), JsonCommentHandling.Skip, allowTrailingCommas: true);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not JSON", detail: $"The event body could not be read: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            switch (SlackInboundMessage.Str(root, "type"))
            {
                case "url_verification":
                    return Results.Json(new { challenge = SlackInboundMessage.Str(root, "challenge") ?? "" });

                case "event_callback":
                    Accept(root, http.Request.Headers[RetryNumHeader], dedupe, queue, options.Value, logger);
                    return Results.Ok();

                default:
                    return Results.Ok();
            }
        }
    }

    private static void Accept(JsonElement root, string? retryNum, SlackEventDeduplicator dedupe, SlackWorkQueue queue, SlackOptions options, ILogger logger)
    {
        if (SlackHome.Opened(root) is { } home)
        {
            // Publishing the same home twice is harmless, so no deduplication: a retry just refreshes it.
            queue.TryEnqueue($"home for {home.UserId}", (services, ct) => SlackHome.PublishAsync(services, home, ct));
            return;
        }

        var eventId = SlackInboundMessage.Str(root, "event_id");
        var message = SlackInboundMessage.From(root, options.BotUserId);
        var workspace = SlackInboundMessage.Str(root, "team_id");
        if (eventId is null || message is null)
        {
            return;
        }

        if (!dedupe.TryClaimLocally(eventId))
        {
            logger.LogInformation("Slack event {EventId} already seen here (retry {Retry})", eventId, retryNum);
            return;
        }

        var queued = queue.TryEnqueue($"event {eventId}", async (services, ct) =>
        {
            if (!await dedupe.TryClaimAsync(eventId, ct))
            {
                logger.LogInformation("Slack event {EventId} already handled by another instance", eventId);
                return;
            }

            try
            {
                var sender = SlackSenders.From(message.UserId, null, message.ChannelId, workspace: workspace);
                var answer = await services.GetRequiredService<IChatHandler>().HandleTextAsync(sender, message.Text.Length == 0 ? "help" : message.Text, ct);
                var rendered = await services.GetRequiredService<SlackMessageComposer>().ComposeAsync(answer, ct);
                await services.GetRequiredService<SlackApiClient>().PostMessageAsync(
                    new ChatPostMessage(message.ChannelId, rendered.Text, rendered.Blocks, message.ThreadTs), ct);
            }
            catch
            {
                // Nothing was answered: give the claim back so Slack's retry (here or on another instance) is handled.
                await dedupe.ReleaseAsync(eventId, CancellationToken.None);
                throw;
            }
        });
        if (!queued)
        {
            dedupe.ReleaseLocally(eventId);
        }
    }

    private static ReadOnlyMemory<byte> TrimUtf8Bom(this ReadOnlyMemory<byte> bytes) =>
        bytes.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;

    private static ReadOnlyMemory<byte> TrimUtf8Bom(this Memory<byte> bytes) => ((ReadOnlyMemory<byte>)bytes).TrimUtf8Bom();
}

/// <summary>Log category for Slack events.</summary>
internal sealed class SlackEventsLog;
