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
            catch (Exception e) when (Refused(e))
            {
                return Results.Problem(statusCode: 503, title: "Not ready.", detail: "The budget store refuses the bot's identity: with Storage:AccountUri, give the bot's managed identity the role \"Storage Table Data Contributor\" on the storage account (it can take a few minutes to apply); with Storage:ConnectionString, check the account key.");
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e) || e is OperationCanceledException)
            {
                return Results.Problem(statusCode: 503, title: "Not ready.", detail: "The budget store does not answer; check Storage:ConnectionString or Storage:AccountUri and that the store is running.");
            }
        });
        return app;
    }

    private static bool Refused(Exception e) => e switch
    {
        Azure.RequestFailedException { Status: 401 or 403 } or Azure.Identity.AuthenticationFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(Refused),
        _ => false,
    };
}
