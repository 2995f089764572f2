using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AiBudgetBot.Http;

/// <summary>
/// A body that an endpoint's typed parameter cannot be read from (not JSON, a wrong type, an invalid
/// Unicode escape) is answered with a problem whose detail says what was wrong, instead of the bare 400
/// that minimal APIs give by default. Requires <c>RouteHandlerOptions.ThrowOnBadRequest</c>.
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is not valid.",
                Detail = Detail(bad),
            },
        });
    }

    private static string Detail(BadHttpRequestException bad) => bad.InnerException switch
    {
        // The serializer names the path and position ("… Path: $.estimatedCost | LineNumber: 0 | …").
        JsonException json => $"The body could not be read: {json.Message} Send a JSON object with the fields the API documents.",
        InvalidOperationException invalid => $"The body could not be read: {invalid.Message} Send each character as UTF-8 or as a complete surrogate pair.",
        _ => bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? "Send the body as JSON with Content-Type: application/json."
            : $"{bad.Message} Send a JSON object with the fields the API documents.",
    };
}
