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
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => false,
    };
}
