using AiBudgetBot.Storage;
using Azure.Data.Tables;

namespace AiBudgetBot.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddOrganization(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrganizationOptions>()
            .BindConfiguration(OrganizationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        return builder;
    }

    /// <summary><c>/healthz</c> says the process is alive; <c>/readyz</c> that the store answers.</summary>
    public static WebApplication MapHealth(this WebApplication app)
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
