using AiBudgetBot.Http;
using AiBudgetBot.Storage;
using Microsoft.AspNetCore.Mvc;

namespace AiBudgetBot.Imports;

/// <summary><c>POST /api/v1/imports/focus[?mode=reconcile]</c> (admin, <c>text/csv</c>): a FOCUS billing export in.</summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/imports").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin));
        // Exports run to gigabytes; the importer streams them a batch at a time, so no size limit here.
        api.MapPost("/focus", ImportFocusAsync).WithMetadata(new DisableRequestSizeLimitAttribute());
        return app;
    }

    private static async Task<IResult> ImportFocusAsync(HttpRequest request, string? mode, FocusImporter importer, CancellationToken cancellationToken)
    {
        if (mode is not (null or "" or "ingest" or "reconcile"))
        {
            return Problems.BadRequest($"mode '{mode}' is not known: leave it out to count the rows as usage, or send mode=reconcile to record them as billed only.");
        }

        if (request.ContentType is not { } type || !(type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Problem(statusCode: 415, title: "Unsupported media type.", detail: "Send the FOCUS export as the body with Content-Type: text/csv.");
        }

        try
        {
            return Results.Ok(await importer.ImportAsync(request.Body, mode == "reconcile", cancellationToken));
        }
        catch (FocusFormatException e)
        {
            return Results.Problem(
                statusCode: 400,
                title: "The file is not a FOCUS export.",
                detail: e.Message,
                extensions: new Dictionary<string, object?> { ["missingColumns"] = e.MissingColumns });
        }
        catch (CsvHelper.CsvFormatException e)
        {
            return Problems.BadRequest($"The CSV could not be read ({e.Message}). Rows before it were imported; fix the file and send it again (imported rows are not counted twice).");
        }
        catch (StoreUnavailableException e)
        {
            return Problems.Unavailable(e.Message + " Rows already imported are not counted again when you send the file again.");
        }
    }
}
