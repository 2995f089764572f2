using AiBudgetBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// <c>POST /api/slack/commands</c>: the <c>/aibudget</c> slash command. Slack waits 3 s for the
/// ack; we give the handler most of that, answer inline when it is quick, and otherwise ack with
/// "working on it" and deliver the answer to <c>response_url</c> when it is ready.
/// </summary>
internal static class SlackCommandEndpoint
{
    private const string WorkingOnIt = "Working on it…";

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        IServiceScopeFactory scopes,
        BlockKitRenderer renderer,
        SlackMessageComposer composer,
        SlackWorkQueue queue,
        IOptions<SlackOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<SlackCommandLog> logger)
    {
        var form = SlackForm.Parse(SlackVerifiedBody.From(http).Bytes);

        // Slack's periodic certificate check on the command URL: a 200 is all it wants.
        if (form["ssl_check"] == "1")
        {
            return Results.Ok();
        }

        var userId = form.Required("user_id");
        var channelId = form.Required("channel_id");
        var text = form.Required("text").Trim();
        var sender = SlackSenders.From(userId, form["user_name"], channelId, form["channel_name"], form["team_id"]);
        Uri.TryCreate(form["response_url"], UriKind.Absolute, out var responseUrl);

        // Not tied to the request: the answer may outlive the ack. Its own scope for the same reason.
        var answer = AnswerAsync(scopes, sender, text.Length == 0 ? "help" : text, lifetime.ApplicationStopping);

        try
        {
            var message = await answer.WaitAsync(TimeSpan.FromMilliseconds(options.Value.CommandInlineWaitMilliseconds), timeProvider, http.RequestAborted);

            // Charts are uploaded before they can be shown: that is Slack round trips, so after the ack.
            if (!composer.NeedsUploads(message))
            {
                return Results.Json(ToResponse(renderer.Render(message, SlackRenderOptions.None with { NativeCharts = options.Value.NativeCharts }), message), SlackApiClient.Json);
            }
        }
        catch (TimeoutException)
        {
            // Slow answer: fall through to the deferred path.
        }
#pragma warning disable CA1031 // Whatever the handler threw, Slack gets a polite answer, and we log the cause.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Slash command from {User} failed", userId);
            return Results.Json(Sorry(), SlackApiClient.Json);
        }

        if (responseUrl is null)
        {
            logger.LogWarning("Slash command from {User} has no response_url; the late answer will be dropped", userId);
        }
        else
        {
            queue.TryEnqueue($"late answer to {form["command"]} from {userId}", (services, ct) =>
                DeliverLateAsync(answer, responseUrl, services, logger, ct));
        }

        return Results.Json(new SlackResponseMessage(SlackResponseMessage.Ephemeral, WorkingOnIt, null), SlackApiClient.Json);
    }

    private static async Task<OutgoingMessage> AnswerAsync(IServiceScopeFactory scopes, ChatSender sender, string text, CancellationToken cancellationToken)
    {
        // Yield first so a handler that blocks synchronously cannot hold up the ack.
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<IChatHandler>();
        return await handler.HandleTextAsync(sender, text, cancellationToken);
    }

    private static async Task DeliverLateAsync(Task<OutgoingMessage> answer, Uri responseUrl, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        SlackResponseMessage response;
        try
        {
            var message = await answer.WaitAsync(cancellationToken);
            response = ToResponse(await services.GetRequiredService<SlackMessageComposer>().ComposeAsync(message, cancellationToken), message);
        }
#pragma warning disable CA1031 // A failed answer still gets an apology at response_url.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Slash command answer failed after the ack");
            response = Sorry();
        }

        await services.GetRequiredService<SlackApiClient>().PostToResponseUrlAsync(responseUrl, response, cancellationToken);
    }

    private static SlackResponseMessage ToResponse(SlackMessage rendered, OutgoingMessage message) =>
        new(SlackVisibility.ResponseType(message), rendered.Text, rendered.Blocks);

    private static SlackResponseMessage Sorry() =>
        new(SlackResponseMessage.Ephemeral, "Sorry, that did not work. Please try again in a minute.", null);
}

/// <summary>Log category for slash commands.</summary>
internal sealed class SlackCommandLog;
