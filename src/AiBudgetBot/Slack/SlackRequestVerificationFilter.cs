using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// Guards every <c>/api/slack/*</c> endpoint: reads the raw body (capped), checks Slack's
/// signature and timestamp, and only then lets the endpoint run. Endpoints read the verified
/// bytes from <see cref="SlackVerifiedBody"/> instead of binding the form themselves, because
/// the signature covers the exact bytes and binding would consume the stream first.
/// </summary>
internal sealed class SlackRequestVerificationFilter(
    IOptions<SlackOptions> options,
    TimeProvider timeProvider,
    ILogger<SlackRequestVerificationFilter> logger) : IEndpointFilter
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.Value;

        if (http.Request.ContentLength > settings.MaxRequestBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");
        }

        http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: settings.MaxRequestBytes);
        var body = await ReadCappedAsync(http.Request.Body, settings.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");
        }

        http.Request.Body.Position = 0;

        var check = SlackSignature.Verify(
            settings.SigningSecret,
            http.Request.Headers[TimestampHeader],
            http.Request.Headers[SignatureHeader],
            body,
            timeProvider.GetUtcNow());

        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Rejected Slack request to {Path}: {Reason}", http.Request.Path, check);

            // One answer for every failure: telling a forger which part was wrong helps nobody else.
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Slack request verification failed",
                detail: "The request is not signed by Slack with this app's signing secret, or it is too old.");
        }

        http.Features.Set(new SlackVerifiedBody(body));
        return await next(context);
    }

    private static async Task<byte[]?> ReadCappedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>The request body exactly as Slack signed it; present only after verification passed.</summary>
internal sealed record SlackVerifiedBody(byte[] Bytes)
{
    public static SlackVerifiedBody From(HttpContext http) =>
        http.Features.Get<SlackVerifiedBody>()
        ?? throw new InvalidOperationException("Slack endpoint reached without signature verification.");
}
