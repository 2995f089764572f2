namespace AiBudgetBot.Http;

/// <summary>RFC 9457 problem answers with a detail a person can act on.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) => Problem(400, "The request is not valid.", detail);

    public static IResult Unauthorized(string detail) => Problem(401, "Authentication required.", detail);

    public static IResult NotFound(string detail) => Problem(404, "Not found.", detail);

    public static IResult TooLarge(string detail) => Problem(413, "The request body is too large.", detail);

    /// <summary>429; the caller sets <c>Retry-After</c>.</summary>
    public static IResult TooManyRequests(string detail) => Problem(429, "Too many requests.", detail);

    /// <summary>502: a platform the bot depends on (Teams, Slack) failed; nothing was changed here.</summary>
    public static IResult BadGateway(string detail) => Problem(502, "A platform the bot depends on did not answer.", detail);

    /// <summary>503 with <c>Retry-After</c>: nothing was acknowledged, and a retry in a moment is safe (writes are idempotent).</summary>
    public static IResult Unavailable(string detail) => new WithRetryAfter(Problem(503, "The budget store is unavailable.", detail), RetryAfterSeconds);

    /// <summary>503 with <c>Retry-After</c> and fields a caller acts on (authorize's outage decision).</summary>
    public static IResult Unavailable(string detail, IDictionary<string, object?> extensions) =>
        new WithRetryAfter(Results.Problem(statusCode: 503, title: "The budget store is unavailable.", detail: detail, extensions: extensions), RetryAfterSeconds);

    public const int RetryAfterSeconds = 2;

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static IResult Invalid(IReadOnlyList<string> errors) =>
        Results.Problem(
            statusCode: 400,
            title: "The request is not valid.",
            detail: string.Join(" ", errors),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
