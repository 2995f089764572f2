using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AiBudgetBot.Storage;

/// <summary>
/// Bounds one store call, every one of the SDK's tries included, to <c>Storage:TimeoutSeconds</c>.
/// The SDK's own network timeout bounds a single try only, so a frozen store (connections accepted,
/// never answered) would cost tries × timeout. Here the first policy stamps a deadline on the call,
/// and the second, run before each try, gives that try only what is left and refuses a try past it.
/// Real time, not the business clock: this is about how long a socket may stay silent.
/// </summary>
public static class StoreDeadline
{
    private const string Property = "aibudget-store-deadline";

    public static void AddTo(ClientOptions options, TimeSpan bound)
    {
        options.AddPolicy(new StampPolicy(bound), HttpPipelinePosition.PerCall);
        options.AddPolicy(new TryPolicy(bound), HttpPipelinePosition.PerRetry);
    }

    private sealed class StampPolicy(TimeSpan bound) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            // A call the pipeline replays keeps its first deadline.
            if (!message.TryGetProperty(Property, out _))
            {
                message.SetProperty(Property, Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency));
            }
        }
    }

    private sealed class TryPolicy(TimeSpan bound) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (!message.TryGetProperty(Property, out var value) || value is not long deadline)
            {
                return;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                // Not an IOException, so the SDK's retry policy stops here instead of trying again.
                throw new TimeoutException($"The store did not answer within {bound.TotalSeconds:0.#} s (Storage:TimeoutSeconds).");
            }

            message.NetworkTimeout = left;
        }
    }
}
