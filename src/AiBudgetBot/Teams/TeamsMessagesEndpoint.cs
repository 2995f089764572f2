using System.Text.Json;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Teams;

/// <summary>
/// <c>POST /api/messages</c>: trust first, then parse, then act. An activity that fails any
/// check gets 401 and is not looked at further (PROTOCOLS.md, Inbound).
/// </summary>
internal static class TeamsMessagesEndpoint
{
    public const string Path = "/api/messages";

    public static async Task<IResult> HandleAsync(HttpContext context, BotTokenValidator validator, TeamsActivityHandler handler, IOptions<TeamsOptions> options, ILogger<TeamsActivityHandler> logger)
    {
        var cancellationToken = context.RequestAborted;
        ValidatedBotToken? token = null;
        if (options.Value.IsEnabled)
        {
            var check = await validator.ValidateTokenAsync(context.Request.Headers.Authorization.ToString(), cancellationToken);
            if (check.Token is null)
            {
                return Unauthorized(logger, check.Failure);
            }

            token = check.Token;
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(context.Request.Body, TeamsJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string the reader cannot turn into text (a lone surrogate).
            activity = null;
        }

        if (activity is null)
        {
            return Results.Problem(statusCode: 400, title: "Not an activity", detail: "The body is not a Bot Framework activity (JSON object).");
        }

        var failure = token is null
            ? (OutboundUrl.IsAllowed(activity.ServiceUrl) ? null : "serviceUrl is neither https nor loopback")
            : BotTokenValidator.CheckActivity(token, activity);
        failure ??= ForeignTenant(options.Value, activity);
        if (failure is not null)
        {
            return Unauthorized(logger, failure);
        }

        return await handler.HandleAsync(activity, cancellationToken);
    }

    /// <summary>A single-tenant bot answers its own tenant only: a valid token from another tenant's Teams is still a stranger.</summary>
    private static string? ForeignTenant(TeamsOptions options, Activity activity)
    {
        if (options.AppType != TeamsAppType.SingleTenant)
        {
            return null;
        }

        var tenant = activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;
        return string.Equals(tenant, options.TenantId, StringComparison.OrdinalIgnoreCase) ? null : $"activity from tenant '{tenant}', not this bot's";
    }

    private static IResult Unauthorized(ILogger logger, string? reason)
    {
        // The reason is logged, not returned: a caller probing tokens learns nothing from the answer.
        logger.LogWarning("Rejected a Teams activity: {Reason}", reason);
        return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The request does not carry a valid Bot Framework token for this bot.");
    }
}
