using AiBudgetBot.Connectors.Reconciliation;
using AiBudgetBot.Http;
using AiBudgetBot.Storage;

namespace AiBudgetBot.Connectors;

/// <summary><c>GET /api/v1/reconciliation?month=yyyy-MM</c> (admin): tracked against billed spend per provider.</summary>
public static class ReconciliationApi
{
    public static IEndpointRouteBuilder MapReconciliationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        api.MapGet("/reconciliation", async (string? month, ReconciliationService reconciliation, CancellationToken ct) =>
        {
            if (month is null || await reconciliation.ReportAsync(month, ct) is not { } report)
            {
                return Problems.BadRequest("month is required as yyyy-MM, e.g. ?month=2026-12.");
            }

            try
            {
                // Reading the report is also a check: a drift above the threshold tells finance (once).
                await reconciliation.NotifyAsync(report, ct);
            }
            catch (Azure.RequestFailedException e)
            {
                return Problems.Unavailable($"The drift notice could not be stored ({e.Status}); try again.");
            }

            return Results.Ok(report);
        });
        return app;
    }
}
