using AiBudgetBot.Http;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Limits;

/// <summary><c>POST /api/v1/authorize</c>: the decision a gateway asks for before forwarding a model call.</summary>
public static class AuthorizeApi
{
    public static IEndpointRouteBuilder MapAuthorizeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/authorize", async (AuthorizeRequest request, AuthorizationService authorization, StoreDownAnswers storeDown, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Team))
            {
                return Problems.BadRequest("team is required.");
            }

            if (request.EstimatedCost < 0m || request.EstimatedInputTokens < 0 || request.EstimatedOutputTokens < 0)
            {
                return Problems.BadRequest("estimates must not be negative.");
            }

            if (request.EstimatedCost > Core.Spend.UsageEvaluator.MaxCost
                || request.EstimatedInputTokens > Core.Spend.UsageEvaluator.MaxTokens || request.EstimatedOutputTokens > Core.Spend.UsageEvaluator.MaxTokens)
            {
                return Problems.BadRequest($"estimates are too large: at most {Core.Spend.UsageEvaluator.MaxTokens:N0} tokens and a cost that fits the ledger.");
            }

            if (request.RequestId is { Length: > 200 })
            {
                return Problems.BadRequest("requestId is longer than 200 characters.");
            }

            try
            {
                var result = await authorization.AuthorizeAsync(request, ct);
                if (result.Reason == Core.Limits.DecisionReasons.TooManyOpenReservations)
                {
                    return Problems.Unavailable($"Pool '{result.Pool}' holds as many unsettled reservations as its ledger row has room for (at most {Core.Limits.HoldCapacity.MaxHolds}): report usage (with the authorize requestId) for earlier calls, then retry.");
                }

                return result.Error is { } error
                    ? Problems.BadRequest(error)
                    : Results.Ok(new
                    {
                        decision = result.Decision,
                        reason = result.Reason,
                        pool = result.Pool,
                        remaining = result.Remaining,
                        overrideId = result.OverrideId,
                        reservationId = result.ReservationId,
                    });
            }
            catch (StoreUnavailableException e)
            {
                // Still 503 (nothing was held, retry is safe), but with the decision the policy gives,
                // so a gateway that cannot wait can follow it.
                var answer = storeDown.For(request);
                return Problems.Unavailable(
                    $"{e.Message} Until it answers, the policy for {(answer.Pool is { } pool ? $"pool '{pool}'" : "an unknown pool")} is to {answer.Decision} (Limits:WhenStoreDown).",
                    new Dictionary<string, object?> { ["decision"] = answer.Decision, ["reason"] = answer.Reason, ["pool"] = answer.Pool });
            }
        }).AddEndpointFilter(new ApiKeyFilter(ApiScope.Ingestion));
        return app;
    }
}
