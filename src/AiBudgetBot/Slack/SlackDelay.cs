namespace AiBudgetBot.Slack;

/// <summary>
/// The one place the Slack client waits (Retry-After, channel pacing). Tests replace it with one
/// that records the wait and returns at once, so rate-limit tests take milliseconds.
/// </summary>
public class SlackDelay(TimeProvider timeProvider)
{
    public virtual Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, timeProvider, cancellationToken);
}
