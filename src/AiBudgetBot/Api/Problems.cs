namespace AiBudgetBot.Api;

/// <summary>RFC 9457 problem answers with a detail a person can act on.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) => Problem(400, "The request is not valid.", detail);

    public static IResult Unauthorized(string detail) => Problem(401, "Authentication required.", detail);

    public static IResult NotFound(string detail) => Problem(404, "Not found.", detail);

    public static IResult Conflict(string detail) => Problem(409, "Conflict.", detail);

    public static IResult TooLarge(string detail) => Problem(413, "The request body is too large.", detail);

    public static IResult Unavailable(string detail) => Problem(503, "The budget store is unavailable.", detail);

    public static IResult Invalid(IReadOnlyList<string> errors) =>
        Results.Problem(
            statusCode: 400,
            title: "The request is not valid.",
            detail: string.Join(" ", errors),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
