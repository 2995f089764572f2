using System.Collections.Concurrent;
using AiBudgetBot.Slack;

namespace AiBudgetBot.Tests.Slack;

/// <summary>Records every wait the Slack client asks for and returns at once.</summary>
public sealed class RecordingDelay() : SlackDelay(TimeProvider.System)
{
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Waits.Enqueue(delay);
        return Task.CompletedTask;
    }
}
