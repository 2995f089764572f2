using System.Net;

namespace AiBudgetBot.Slack;

/// <summary>
/// A Web API call that Slack refused: <c>ok:false</c> with its error code, a 429 we could not
/// sit out, or an HTTP failure. <see cref="IsTransient"/> tells a retry from a lost cause.
/// </summary>
public sealed class SlackApiException : Exception
{
    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

    public SlackApiException(string method, string error, HttpStatusCode? status = null, TimeSpan? retryAfter = null)
        : base($"Slack {method} failed: {error}")
    {
        Method = method;
        Error = error;
        Status = status;
        RetryAfter = retryAfter;
    }

    public SlackApiException()
        : this("unknown", "unknown")
    {
    }

    public SlackApiException(string message)
        : this("unknown", message)
    {
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = "unknown";
        Error = message;
    }

    public string Method { get; }

    /// <summary>Slack's error code (<c>channel_not_found</c>, <c>not_in_channel</c>, <c>invalid_auth</c>…) or <c>http_503</c>.</summary>
    public string Error { get; }

    public HttpStatusCode? Status { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsTransient =>
        Status is HttpStatusCode.TooManyRequests || (Status is { } s && (int)s >= 500) || TransientErrors.Contains(Error);
}
