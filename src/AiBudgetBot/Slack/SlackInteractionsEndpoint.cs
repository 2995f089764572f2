using System.Text.Json;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>
/// <c>POST /api/slack/interactions</c>: button clicks. Acks with an empty 200 at once, then asks
/// the handler, updates the card for everyone (chat.update) and tells the clicker privately
/// (chat.postEphemeral) what happened.
/// </summary>
internal static class SlackInteractionsEndpoint
{
    public const string UnknownButton = "That button is not one I know (the card may be outdated), so nothing was changed.";
    public const string Failed = "Sorry, that did not work. Please try again in a minute.";

    public static IResult Handle(HttpContext http, SlackWorkQueue queue, ILogger<SlackInteractionsLog> logger)
    {
        var payloadJson = SlackForm.Parse(SlackVerifiedBody.From(http).Bytes)["payload"];
        if (payloadJson is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No payload field", detail: "An interaction is a form with a payload field holding JSON.");
        }

        JsonDocument document;
        try
        {
            document = Http.StrictJson.Parse(payloadJson);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "payload is not JSON", detail: $"The payload field could not be read: {e.Message}");
        }

        using (document)
        {
            var type = SlackInboundMessage.Str(document.RootElement, "type");
            var actions = SlackBlockAction.From(document.RootElement);
            if (actions.Count == 0)
            {
                logger.LogInformation("Ignored Slack interaction of type {Type}", type);
            }

            foreach (var action in actions)
            {
                queue.TryEnqueue($"click {action.ActionId} by {action.UserId}", (services, ct) => RunAsync(action, services, logger, ct));
            }
        }

        return Results.Ok();
    }

    private static async Task RunAsync(SlackBlockAction action, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var api = services.GetRequiredService<SlackApiClient>();

        if (!ActionVerbs.All.Contains(action.ActionId, StringComparer.Ordinal))
        {
            logger.LogWarning("Slack click on unknown action {ActionId} by {User}", action.ActionId, action.UserId);
            await NoteAsync(api, action, UnknownButton, cancellationToken);
            return;
        }

        ActionOutcome outcome;
        try
        {
            var sender = SlackSenders.From(action.UserId, action.UserName, action.ChannelId);
            outcome = await services.GetRequiredService<IChatHandler>().HandleActionAsync(sender, action.ActionId, action.Value, cancellationToken);
        }
#pragma warning disable CA1031 // The clicker gets an apology whatever the handler threw; the cause is logged.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Slack click {ActionId} on {Subject} failed", action.ActionId, action.Value);
            await NoteAsync(api, action, Failed, cancellationToken);
            return;
        }

        if (outcome.UpdatedCard is { } card)
        {
            var rendered = await services.GetRequiredService<SlackMessageComposer>().ComposeAsync(card, cancellationToken);
            if (action.IsEphemeral || action.MessageTs is null)
            {
                // Ephemeral messages have no ts that chat.update accepts; only response_url can replace them.
                if (action.ResponseUrl is { } url)
                {
                    await api.PostToResponseUrlAsync(url, new SlackResponseMessage(null, rendered.Text, rendered.Blocks, ReplaceOriginal: true), cancellationToken);
                }
            }
            else
            {
                await api.UpdateAsync(new ChatUpdate(action.ChannelId, action.MessageTs, rendered.Text, rendered.Blocks), cancellationToken);
            }
        }

        if (!string.IsNullOrWhiteSpace(outcome.PrivateNote))
        {
            await NoteAsync(api, action, outcome.PrivateNote, cancellationToken);
        }
    }

    private static Task<SlackApiResult> NoteAsync(SlackApiClient api, SlackBlockAction action, string note, CancellationToken cancellationToken) =>
        api.PostEphemeralAsync(new ChatPostEphemeral(action.ChannelId, action.UserId, SlackMrkdwn.FromMessageText(note)), cancellationToken);
}

/// <summary>Log category for Slack interactions.</summary>
internal sealed class SlackInteractionsLog;
