using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// Spaces messages to one channel about a second apart (Slack's chat.postMessage allowance),
/// by handing each caller the next free slot. Other channels are not held up.
/// </summary>
public sealed class SlackChannelPacer(IOptions<SlackOptions> options, TimeProvider timeProvider, SlackDelay delay)
{
    private const int PruneAbove = 1000;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task WaitTurnAsync(string channel, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / options.Value.MessagesPerSecondPerChannel);
        var now = timeProvider.GetUtcNow();
        DateTimeOffset slot;
        lock (_gate)
        {
            if (_nextSlot.Count > PruneAbove)
            {
                foreach (var idle in _nextSlot.Where(kv => kv.Value < now).Select(kv => kv.Key).ToList())
                {
                    _nextSlot.Remove(idle);
                }
            }

            slot = _nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            _nextSlot[channel] = slot + interval;
        }

        return delay.WaitAsync(slot - now, cancellationToken);
    }
}
