namespace AiBudgetBot.Storage;

/// <summary>
/// The store could not make a write durable (unreachable, throttling, 5xx after retries).
/// The HTTP edge turns it into 503: the caller must retry, and nothing was acknowledged.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
