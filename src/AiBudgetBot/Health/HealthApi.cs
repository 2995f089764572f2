using AiBudgetBot.Storage;
using Azure.Data.Tables;

namespace AiBudgetBot.Health;

public static class HealthApi
{
    /// <summary><c>/healthz</c> says the process is alive; <c>/readyz</c> that the store answers.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        app.MapGet("/readyz", async (Tables tables, CancellationToken ct) =>
        {
            try
            {
                var ledger = await tables.GetAsync(Tables.Ledger, ct);
                await foreach (var _ in ledger.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct).AsPages(pageSizeHint: 1))
                {
                    break;
                }

                return Results.Ok(new { status = "ready" });
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e) || e is OperationCanceledException)
            {
                return Results.Problem(statusCode: 503, title: "Not ready.", detail: "The budget store does not answer; check Storage:ConnectionString and that the store is running.");
            }
        });
        return app;
    }
}
