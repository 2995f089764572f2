using System.Text.Json;
using AiBudgetBot.Charts;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Teams;

/// <summary>
/// What the bot does with an authenticated activity. Work runs before the HTTP answer: the chat
/// handler is fast, an invoke must carry its result in the answer anyway, and callers (and tests)
/// see one deterministic outcome per activity.
/// </summary>
public sealed class TeamsActivityHandler(IChatHandler chat, IServiceProvider services, ConnectorClient connector, ITeamsConversationStore conversations, ChartLinks chartLinks, TimeProvider timeProvider, ILogger<TeamsActivityHandler> logger)
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    public Task<IResult> HandleAsync(Activity activity, CancellationToken cancellationToken) => activity.Type switch
    {
        ActivityTypes.Message when ActionPayload.FromSubmit(activity.Value) is { } submit => OnSubmitAsync(activity, submit, cancellationToken),
        ActivityTypes.Message => OnMessageAsync(activity, cancellationToken),
        ActivityTypes.Invoke => OnInvokeAsync(activity, cancellationToken),
        ActivityTypes.ConversationUpdate => OnConversationUpdateAsync(activity, cancellationToken),
        // typing, messageReaction, installationUpdate, …: acknowledged, nothing to do.
        _ => Task.FromResult(Results.Ok()),
    };

    /// <summary>Charts fall back to their picture behind a signed link (when the bot has a public URL).</summary>
    private CardRenderOptions WithPictures() => new() { ChartImage = chartLinks.LinkFor };

    private async Task<IResult> OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        var text = MentionText.StripBotMentions(activity);
        var answer = await chat.HandleTextAsync(TeamsMessages.SenderOf(activity), text, cancellationToken);
        var result = await connector.ReplyAsync(activity.ServiceUrl!, activity.Conversation?.Id ?? string.Empty, activity.Id ?? string.Empty, TeamsMessages.Card(answer, activity, WithPictures()), cancellationToken);
        LogUnlessOk(result, "reply");
        return Results.Ok();
    }

    /// <summary>The Action.Submit fallback: no invoke answer exists, so the card is updated and the note posted.</summary>
    private async Task<IResult> OnSubmitAsync(Activity activity, ActionPayload action, CancellationToken cancellationToken)
    {
        var outcome = await chat.HandleActionAsync(TeamsMessages.SenderOf(activity), action.Verb, action.SubjectId, cancellationToken);
        var conversationId = activity.Conversation?.Id ?? string.Empty;
        if (outcome.UpdatedCard is { } card && !string.IsNullOrEmpty(activity.ReplyToId))
        {
            LogUnlessOk(await connector.UpdateAsync(activity.ServiceUrl!, conversationId, activity.ReplyToId, TeamsMessages.Card(card, activity, WithPictures()), cancellationToken), "update");
        }

        if (!string.IsNullOrWhiteSpace(outcome.PrivateNote))
        {
            // Submit has no private channel; in a 1:1 chat the note is private anyway.
            LogUnlessOk(await connector.ReplyAsync(activity.ServiceUrl!, conversationId, activity.Id ?? string.Empty, TeamsMessages.Note(outcome.PrivateNote, activity), cancellationToken), "note");
        }

        return Results.Ok();
    }

    private async Task<IResult> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Name, AdaptiveCardActionInvoke, StringComparison.Ordinal))
        {
            // Never leave an invoke unanswered: Teams would show "Unable to reach app".
            return Results.Json(InvokeResponse.Error(501, "NotImplemented", $"The bot does not handle '{activity.Name}' invokes."), TeamsJson.Options, statusCode: 501);
        }

        if (ActionPayload.FromInvoke(activity.Value) is not { } action)
        {
            return Invoke(InvokeResponse.Error(400, "BadRequest", "The card action carries no verb and subject."));
        }

        try
        {
            var outcome = await chat.HandleActionAsync(TeamsMessages.SenderOf(activity), action.Verb, action.SubjectId, cancellationToken);
            if (outcome.UpdatedCard is not { } card)
            {
                return Invoke(InvokeResponse.Message(outcome.PrivateNote ?? "Done."));
            }

            // A refresh is personal: the viewer's card only. A decision changes the card for everyone.
            if (action.Verb != TeamsVerbs.Refresh && !string.IsNullOrEmpty(activity.ReplyToId))
            {
                var everyone = TeamsMessages.Card(card, activity, WithPictures());
                LogUnlessOk(await connector.UpdateAsync(activity.ServiceUrl!, activity.Conversation?.Id ?? string.Empty, activity.ReplyToId, everyone, cancellationToken), "update");
            }

            return Invoke(InvokeResponse.Card(AdaptiveCardRenderer.Render(card, new CardRenderOptions(Note: outcome.PrivateNote) { ChartImage = chartLinks.LinkFor })));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Card action {Verb} on {Subject} failed", action.Verb, action.SubjectId);
            return Invoke(InvokeResponse.Error(500, "InternalError", "Something went wrong; please try again."));
        }
    }

    private async Task<IResult> OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        var conversationId = activity.Conversation?.Id;
        if (botId is null || conversationId is null)
        {
            return Results.Ok();
        }

        if (activity.MembersRemoved?.Any(m => m.Id == botId) == true)
        {
            await conversations.RemoveAsync(conversationId, cancellationToken);
            return Results.Ok();
        }

        if (activity.MembersAdded?.Any(m => m.Id == botId) != true)
        {
            return Results.Ok();
        }

        var reference = new TeamsConversationReference(
            activity.ServiceUrl!,
            conversationId,
            activity.ChannelData?.Tenant?.Id ?? activity.Conversation?.TenantId,
            activity.Conversation?.ConversationType,
            activity.ChannelData?.Team?.Id,
            activity.ChannelData?.Team?.Name,
            activity.ChannelData?.Channel?.Id ?? (activity.Conversation?.ConversationType == "channel" ? conversationId : null),
            activity.From?.AadObjectId,
            timeProvider.GetUtcNow());
        try
        {
            await conversations.SaveAsync(reference, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not durable, so not acknowledged (Azure.Core wraps exhausted retries in AggregateException): the Bot Framework may redeliver.
            logger.LogError(e, "Could not record Teams conversation {ConversationId}", conversationId);
            return Results.Problem(statusCode: 503, title: "Store unavailable", detail: "The installation could not be recorded; try again.");
        }

        var personal = activity.Conversation?.IsPersonal ?? false;
        var greeting = TeamsMessages.Card(await FirstMessageAsync(activity, personal, cancellationToken));
        LogUnlessOk(await connector.SendAsync(reference.ServiceUrl, conversationId, greeting, cancellationToken), "greeting");
        return Results.Ok();
    }

    /// <summary>
    /// Installed for a person: their home (teams, what is left, requests, ask for more), found by
    /// email on this first contact; the general greeting when they are not in the directory or in a team or chat.
    /// </summary>
    private async Task<OutgoingMessage> FirstMessageAsync(Activity activity, bool personal, CancellationToken cancellationToken)
    {
        // The home comes from the chat area; a host with Teams alone (no AddChat) greets everyone.
        if (personal && activity.From?.Id is { Length: > 0 } && services.GetService<PersonalHome>() is { } home)
        {
            var (card, recognized) = await home.TryForSenderAsync(TeamsMessages.SenderOf(activity), cancellationToken);
            if (recognized)
            {
                return card;
            }
        }

        return TeamsGreeting.Message(personal);
    }

    private static IResult Invoke(InvokeResponse response) => Results.Json(response, TeamsJson.Options, statusCode: 200);

    private void LogUnlessOk(ConnectorResult result, string what)
    {
        if (!result.IsSuccess)
        {
            logger.LogWarning("Teams {What} not delivered: {Status} {Detail}", what, result.Status, result.Detail);
        }
    }

    /// <summary>A card button's payload, read from either path a click can take.</summary>
    private sealed record ActionPayload(string Verb, string SubjectId)
    {
        /// <summary>Action.Submit: <c>value</c> is the data itself.</summary>
        public static ActionPayload? FromSubmit(JsonElement? value) => value is { ValueKind: JsonValueKind.Object } data ? FromData(data, null) : null;

        /// <summary>Action.Execute: <c>value.action { verb, data }</c>.</summary>
        public static ActionPayload? FromInvoke(JsonElement? value)
        {
            if (value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var verb = String(action, "verb");
            return action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? FromData(data, verb) : null;
        }

        private static ActionPayload? FromData(JsonElement data, string? verb)
        {
            verb ??= String(data, "verb");
            var subject = String(data, "subjectId");
            return string.IsNullOrEmpty(verb) || subject is null ? null : new ActionPayload(verb, subject);
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
