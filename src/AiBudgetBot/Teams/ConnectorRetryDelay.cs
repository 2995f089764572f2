namespace AiBudgetBot.Teams;

/// <summary>
/// How the connector client waits between attempts. Its own type so tests can replace the wait
/// (and record it) instead of sleeping; production waits on the injected clock.
/// </summary>
public class ConnectorRetryDelay(TimeProvider timeProvider)
{
    public virtual Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, timeProvider, cancellationToken);
}
