namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// The one place the cost pollers wait (a 429's Retry-After). Tests replace it with one that
/// records the wait and returns at once.
/// </summary>
public class ConnectorDelay(TimeProvider timeProvider)
{
    public virtual Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, timeProvider, cancellationToken);
}
