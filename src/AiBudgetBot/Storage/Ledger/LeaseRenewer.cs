using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Telemetry;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// This process's budget lease on one pool-period: decides authorizes in memory through its
/// <see cref="LeaseHolder"/> and runs the holder's writes (grant, flush, top-up, return)
/// through the partition's writer, in the background, one at a time.
/// </summary>
/// <remarks>
/// Renewals use limits read from the directory just before they are sent (through the refresh
/// the last authorize gave), so a limit cut made on another instance shrinks this lease within
/// the directory's staleness bound even when no authorize reaches this instance.
/// </remarks>
internal sealed class LeaseRenewer
{
    private readonly LeaseHolder _holder;
    private readonly Func<LedgerOperation, bool> _enqueue;
    private readonly TimeProvider _time;
    private readonly BotMetrics _metrics;
    private readonly ILogger _logger;
    // Completed to wake the loop before its tick; replaced after each wake-up.
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;
    private readonly Lock _gate = new();
    private PartitionContext? _context;
    private Func<DateTimeOffset, CancellationToken, ValueTask<PartitionContext?>>? _refresh;
    private TimeSpan _holdFor;
    private Task? _loop;

    public LeaseRenewer(LeaseHolder holder, Func<LedgerOperation, bool> enqueue, TimeProvider time, BotMetrics metrics, ILogger logger)
    {
        _metrics = metrics;
        _holder = holder;
        _enqueue = enqueue;
        _time = time;
        _logger = logger;
    }

    public LeaseView View() => _holder.View();

    /// <summary>An allow decided from the lease, or null: decide per call.</summary>
    /// <param name="refresh">Reads the pool's context anew from the directory (for renewals made later).</param>
    public Decision? TryAllow(string requestId, decimal amount, PartitionContext context, TimeSpan holdFor, Func<DateTimeOffset, CancellationToken, ValueTask<PartitionContext?>> refresh)
    {
        lock (_gate)
        {
            _context = context;
            _refresh = refresh;
            _holdFor = holdFor;
            _loop ??= Task.Run(LoopAsync);
        }

        var decision = _holder.TryAllow(requestId, amount, context.Limits, context.Pool.Amount.Amount, context.Now, out var miss);
        if (miss is not null)
        {
            _metrics.LeaseMissed(miss);
        }

        // Demand the lease could not serve (when a write can serve it), decisions enough to flush,
        // or a lease running low: let the loop write now rather than at its next tick.
        if (_holder.WriteDue)
        {
            Nudge();
        }

        return decision;
    }

    /// <summary>Gives the unused part back and flushes every decision (shutdown); waits at most <paramref name="within"/>.</summary>
    public async Task ReturnAsync(TimeSpan within)
    {
        Stop();
        if (_loop is { } loop)
        {
            // The loop's own write in flight finishes first: the holder allows one at a time.
            await Task.WhenAny(loop, Task.Delay(within, _time));
        }

        using var timeout = new CancellationTokenSource(within);
        await RenewAsync(returning: true, timeout.Token);
    }

    /// <summary>Stops renewing without a write (the writer retired): the lease, if any, lapses and is written off.</summary>
    public void Stop()
    {
        _stopped = true;
        Nudge();
    }

    private void Nudge() => Volatile.Read(ref _wake).TrySetResult();

    private async Task LoopAsync()
    {
        // A quarter of the renewal period: the holder decides whether a write is due.
        var tick = _holder.Policy.RenewEvery / 4;
        while (!_stopped)
        {
            try
            {
                var wake = Volatile.Read(ref _wake).Task;
                await Task.WhenAny(wake, Task.Delay(tick, _time));
                if (wake.IsCompleted)
                {
                    // A nudge that lands between this check and the swap is served by the next tick.
                    Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }

                if (!_stopped)
                {
                    await RenewAsync(returning: false, CancellationToken.None);
                }
            }
            catch (Exception e)
            {
                // Never let the loop die: a lease that stops renewing is written off (safe), but idle money strands.
                _logger.LogWarning(e, "Lease renewal failed; trying again");
            }
        }
    }

    private async Task RenewAsync(bool returning, CancellationToken cancellationToken)
    {
        PartitionContext? context;
        Func<DateTimeOffset, CancellationToken, ValueTask<PartitionContext?>>? refresh;
        TimeSpan holdFor;
        lock (_gate)
        {
            (context, refresh, holdFor) = (_context, _refresh, _holdFor);
        }

        if (context is null || refresh is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var current = await RefreshAsync(refresh, now, cancellationToken);
        // The team or pool is gone (or the directory cannot be read): give the lease back under the limits last seen.
        var gone = current is null;
        current ??= context with { Now = now };
        if (_holder.NextRequest(now, current.Limits, returning || gone) is not { } request)
        {
            return;
        }

        var operation = new LeaseOperation(request, holdFor, current);
        if (!_enqueue(operation))
        {
            _holder.Unknown(now);
            return;
        }

        try
        {
            // Not cancelled by a stop: a return sent after this write must know its answer first.
            var result = await operation.Outcome;
            _holder.Confirm(request, result.Grant!, _time.GetUtcNow());
            _metrics.LeaseRenewed(result.Grant!.Status.ToString().ToLowerInvariant());
        }
        catch (Exception)
        {
            // The write may or may not have landed: the holder keeps its lowered cap and asks again.
            _holder.Unknown(_time.GetUtcNow());
        }
    }

    private static async ValueTask<PartitionContext?> RefreshAsync(Func<DateTimeOffset, CancellationToken, ValueTask<PartitionContext?>> refresh, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await refresh(now, cancellationToken);
        }
        catch (Exception e) when (e is StoreUnavailableException || StoreFailures.IsUnavailable(e))
        {
            return null;
        }
    }
}
