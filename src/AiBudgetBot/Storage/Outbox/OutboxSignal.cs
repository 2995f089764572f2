using System.Collections.Concurrent;
using System.Threading.Channels;

namespace AiBudgetBot.Storage.Outbox;

/// <summary>
/// Tells the dispatcher which partitions have notifications waiting, the moment a commit
/// queued them, so alerts go out within seconds instead of at the next sweep.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<string> _partitions = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);

    public void Notify(string partition)
    {
        if (_queued.TryAdd(partition, 0))
        {
            _partitions.Writer.TryWrite(partition);
        }
    }

    public async Task<string> NextAsync(CancellationToken cancellationToken)
    {
        var partition = await _partitions.Reader.ReadAsync(cancellationToken);
        _queued.TryRemove(partition, out _);
        return partition;
    }
}
