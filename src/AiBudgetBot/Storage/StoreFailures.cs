using Azure;

namespace AiBudgetBot.Storage;

/// <summary>
/// The one test of "the store did not answer": an HTTP failure, a timeout, or the SDK's
/// AggregateException after its own retries. Such a write may or may not have landed, so
/// callers answer 503 (never a false OK) and rely on idempotency to make the retry safe.
/// </summary>
public static class StoreFailures
{
    public static bool IsUnavailable(Exception e) => e switch
    {
        StoreUnavailableException => true,
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        // The store refuses our identity (a role assignment not yet propagated, a rotated key) or no
        // credential could be had: nothing is durable until an operator fixes it, so 503, not 500.
        RequestFailedException { Status: 401 or 403 } or Azure.Identity.AuthenticationFailedException => true,
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => false,
    };

    /// <summary>
    /// The store took the whole <c>Storage:TimeoutSeconds</c> and did not answer (frozen, not refusing):
    /// trying again would multiply the wait, so callers give up at once instead of retrying.
    /// </summary>
    public static bool IsTimeout(Exception e) => e switch
    {
        TimeoutException or OperationCanceledException => true,
        StoreUnavailableException { InnerException: { } inner } => IsTimeout(inner),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTimeout),
        _ => false,
    };
}
