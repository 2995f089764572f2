namespace AiBudgetBot.Http;

/// <summary>
/// The response headers a security review expects: no MIME sniffing of our JSON or PNGs, no
/// framing of the playground by another site, no referrer leaking a signed chart link.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
}
