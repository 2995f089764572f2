using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// Work that happens after Slack has been answered (late slash-command answers, event replies,
/// card updates). Bounded, so a flood cannot eat the memory; when full, new work is dropped and
/// logged rather than making Slack wait, because Slack retries events and users can ask again.
/// </summary>
public sealed class SlackWorkQueue
{
    private readonly Channel<SlackWorkItem> _channel;
    private readonly ILogger<SlackWorkQueue> _logger;

    public SlackWorkQueue(IOptions<SlackOptions> options, ILogger<SlackWorkQueue> logger)
    {
        _logger = logger;
        _channel = Channel.CreateBounded<SlackWorkItem>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    internal ChannelReader<SlackWorkItem> Reader => _channel.Reader;

    public bool TryEnqueue(string description, Func<IServiceProvider, CancellationToken, Task> work)
    {
        if (_channel.Writer.TryWrite(new SlackWorkItem(description, work)))
        {
            return true;
        }

        _logger.LogError("Slack work queue is full; dropped {Work}", description);
        return false;
    }
}

/// <summary>One job for <see cref="SlackWorker"/>; it gets its own DI scope.</summary>
public sealed record SlackWorkItem(string Description, Func<IServiceProvider, CancellationToken, Task> Run);
