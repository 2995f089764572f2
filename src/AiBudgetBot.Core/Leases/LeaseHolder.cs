using AiBudgetBot.Core.Limits;

namespace AiBudgetBot.Core.Leases;

/// <summary>
/// One instance's side of a lease on one pool-period: decides authorizes in memory while its
/// lease covers them, and says when the ledger row must be written (top-up, flush, return).
/// Thread-safe; the host calls <see cref="TryAllow"/> on the request path and runs the
/// requests from <see cref="NextRequest"/> through its partition writer.
/// </summary>
/// <remarks>
/// The local invariant (I2): the decisions not yet flushed never exceed what the row holds for
/// this lease. The cap is raised only from a confirmed answer and lowered before a request
/// that gives money back, so a lost reply or a 412 can only leave the cap too low.
/// Each holder names itself uniquely: the row lets a holder without a lease adopt one under its
/// name (its own grant whose reply was lost), which is only safe if no other holder, such as a
/// restarted process, can ever carry that name.
/// </remarks>
/// <param name="process">Names the process in the id, for people reading the ledger row.</param>
public sealed class LeaseHolder(string process, LeasePolicy policy)
{
    private readonly Lock _gate = new();
    private readonly List<LeasedDecision> _pending = [];
    private readonly HashSet<string> _pendingIds = new(StringComparer.Ordinal);
    private long? _epoch;
    private decimal _cap;
    private decimal _pendingSum;
    private long _seq;
    private bool _recalled;
    private bool _inFlight;
    private bool _starved;
    private DateTimeOffset _validUntil;
    private DateTimeOffset _nextRenewal;
    private DateTimeOffset _sentAt;
    private EffectiveLimits _grantedUnder;
    private decimal _outside;
    private decimal? _share;
    private decimal _largest;
    private decimal _demand;
    private DateTimeOffset? _demandSince;
    private decimal _rate;
    private int _idle;
    private volatile bool _writeDue;

    public string Instance { get; } = $"{process}-{Guid.NewGuid():N}";

    public LeasePolicy Policy { get; } = policy;

    /// <summary>
    /// Set by <see cref="TryAllow"/> when a write should not wait for the next renewal (enough
    /// decisions to flush, the lease at its low watermark, or a miss a write can serve); read
    /// without the lock, so the request path can wake the writer cheaply.
    /// </summary>
    public bool WriteDue => _writeDue;

    /// <summary>
    /// Allows <paramref name="amount"/> from the lease when it covers it; null means "decide per
    /// call" (no lease, recalled, expired locally, limits cut, or not enough left).
    /// </summary>
    /// <param name="poolAmount">The pool's amount, for the remaining figure of the answer.</param>
    public Decision? TryAllow(string requestId, decimal amount, EffectiveLimits limits, decimal poolAmount, DateTimeOffset now) =>
        TryAllow(requestId, amount, limits, poolAmount, now, out _);

    /// <inheritdoc cref="TryAllow(string, decimal, EffectiveLimits, decimal, DateTimeOffset)"/>
    /// <param name="miss">Why the lease did not decide (a <see cref="LeaseMisses"/> value), for metrics; null when it did.</param>
    public Decision? TryAllow(string requestId, decimal amount, EffectiveLimits limits, decimal poolAmount, DateTimeOffset now, out string? miss)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        lock (_gate)
        {
            _demand += amount;
            _demandSince ??= now;
            _largest = Math.Max(_largest, amount);
            miss = _epoch is null ? LeaseMisses.NoLease : _recalled ? LeaseMisses.Recalled : now >= _validUntil ? LeaseMisses.Expired : null;
            if (miss is not null)
            {
                return Missed(now);
            }

            if (limits.Soft < _grantedUnder.Soft || limits.Hard < _grantedUnder.Hard)
            {
                // A limit cut seen by this instance: stop deciding from money granted under the old one and give it back.
                _recalled = true;
                miss = LeaseMisses.Recalled;
                return Missed(now);
            }

            if (!_pendingIds.Contains(requestId))
            {
                miss = _cap - _pendingSum < amount ? LeaseMisses.Short : _pending.Count >= Policy.MaxPending ? LeaseMisses.Unflushed : null;
                if (miss is not null)
                {
                    return Missed(now);
                }

                _pending.Add(new LeasedDecision(++_seq, requestId, amount));
                _pendingIds.Add(requestId);
                _pendingSum += amount;
                _writeDue = _pending.Count >= Policy.FlushAt || _cap - _pendingSum < Policy.LowWatermark * _cap;
            }

            // (The same request id again: the same answer, money held once.)
            return new Decision(true, DecisionReasons.WithinBudget, null, true, poolAmount - _outside - _pendingSum);
        }
    }

    /// <summary>
    /// The write this holder needs now, if any: a first grant when there is demand, a renewal
    /// every <see cref="LeasePolicy.RenewEvery"/> (flushing decisions into holds), an early
    /// top-up at the low watermark, or a return when recalled, idle or <paramref name="returning"/>.
    /// Only one request is out at a time; answer it with <see cref="Confirm"/> or <see cref="Unknown"/>.
    /// </summary>
    public LeaseRequest? NextRequest(DateTimeOffset now, EffectiveLimits limits, bool returning = false)
    {
        lock (_gate)
        {
            if (_inFlight || (!returning && !Due(now)))
            {
                return null;
            }

            if (returning && _epoch is null)
            {
                return null;
            }

            MeasureDemand(now);
            var want = returning || _recalled || _idle >= Policy.IdleRenewals ? 0m : Policy.Want(_rate, _largest, limits.Soft);
            if (_epoch is not null && _share is { } share)
            {
                want = Math.Min(want, share);
            }

            if (_epoch is null && want == 0m)
            {
                _nextRenewal = now + Policy.RenewEvery;
                return null;
            }

            // Lower the cap before a write that may give money back: nothing decided meanwhile can exceed what stays.
            _cap = Math.Min(_cap, _pendingSum + want);
            _inFlight = true;
            _writeDue = false;
            _sentAt = now;
            return new LeaseRequest(Instance, _epoch, _seq, [.. _pending], want, _largest);
        }
    }

    /// <summary>The row's answer to <paramref name="request"/>, durable.</summary>
    public void Confirm(LeaseRequest request, LeaseGrant grant, DateTimeOffset now)
    {
        lock (_gate)
        {
            _inFlight = false;
            _nextRenewal = now + Policy.RenewEvery;
            _outside = grant.Outside;
            switch (grant.Status)
            {
                case LeaseStatus.Granted:
                    _epoch = grant.Epoch;
                    DropFlushed(grant.FlushedThrough);
                    _cap = grant.Amount;
                    _validUntil = _sentAt + Policy.Ttl;
                    _recalled = grant.Recalled;
                    _grantedUnder = grant.Limits;
                    _share = grant.Share;
                    // Starved only when the row could not give more (the lease is at its share): short
                    // because decisions were made while the write was in flight is not starved, and
                    // the low watermark must still top it up.
                    _starved = grant.Recalled || (grant.Amount - _pendingSum < request.Want && grant.Amount >= grant.Share);
                    break;
                case LeaseStatus.Returned:
                case LeaseStatus.Refused:
                case LeaseStatus.Lost:
                    // Returned: all flushed. Lost: written off, its decisions counted there. Either way nothing is ours.
                    Clear();
                    _starved = true;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(grant), grant.Status, "Unknown lease status.");
            }
        }
    }

    /// <summary>The write's outcome is unknown (no reply): keep the lowered cap, send again soon.</summary>
    public void Unknown(DateTimeOffset now)
    {
        lock (_gate)
        {
            _inFlight = false;
            _nextRenewal = now;
        }
    }

    /// <summary>What this holder believes, for status answers and tests.</summary>
    public LeaseView View()
    {
        lock (_gate)
        {
            return new LeaseView(_epoch, _cap, _pendingSum, [.. _pending], _recalled, _validUntil);
        }
    }

    /// <summary>
    /// A miss asks for a write only when one can help now (a first grant, a top-up, a return): near
    /// the limit, where the row refuses leases, every call misses, and waking the writer for each
    /// would only repeat the refusal; the next renewal asks again.
    /// </summary>
    private Decision? Missed(DateTimeOffset now)
    {
        _writeDue = Due(now);
        return null;
    }

    private bool Due(DateTimeOffset now)
    {
        if (_epoch is null)
        {
            return _demand > 0m && now >= _nextRenewal;
        }

        if (_recalled || now >= _nextRenewal || _pending.Count >= Policy.FlushAt)
        {
            return true;
        }

        // Low watermark: top up early, unless the last answer already gave all there was.
        return !_starved && _cap - _pendingSum < Math.Max(Policy.LowWatermark * _cap, _largest);
    }

    private void MeasureDemand(DateTimeOffset now)
    {
        var since = _demandSince ?? now;
        var window = (decimal)Policy.RenewEvery.TotalSeconds / 4m;
        var elapsed = (decimal)(now - since).TotalSeconds;
        if (_rate > 0m && elapsed < window)
        {
            // Flushes every FlushAt decisions come faster than the window at high rates: measuring
            // then would divide by the window's floor and understate the rate; keep accumulating.
            // But demand already past what the rate predicts for the whole window (a pool going from
            // a trickle to a burst) raises it now: over the window it is a lower bound of the true
            // rate, so it never overstates it, and the lease grows at this top-up, not the next.
            _rate = Math.Max(_rate, _demand / window);
            return;
        }

        var seconds = Math.Max(elapsed, window);
        var recent = _demand / seconds;
        // A moving average of this instance's demand in $/s (half old, half new).
        _rate = _rate == 0m ? recent : (_rate + recent) / 2m;
        _idle = _demand == 0m ? _idle + 1 : 0;
        _demand = 0m;
        _demandSince = now;
    }

    private void DropFlushed(long through)
    {
        var flushed = _pending.TakeWhile(d => d.Seq <= through).ToList();
        foreach (var decision in flushed)
        {
            _pendingIds.Remove(decision.RequestId);
            _pendingSum -= decision.Amount;
        }

        _pending.RemoveRange(0, flushed.Count);
    }

    private void Clear()
    {
        _epoch = null;
        _cap = 0m;
        _pending.Clear();
        _pendingIds.Clear();
        _pendingSum = 0m;
        _recalled = false;
        _share = null;
    }
}

/// <summary>A holder's view of its lease.</summary>
public sealed record LeaseView(long? Epoch, decimal Cap, decimal Pending, IReadOnlyList<LeasedDecision> Unflushed, bool Recalled, DateTimeOffset ValidUntil)
{
    public decimal Available => Cap - Pending;
}

/// <summary>Why a lease did not decide an authorize (the call was then decided against the ledger row).</summary>
public static class LeaseMisses
{
    /// <summary>No lease yet (first demand, or given back), or it was lost.</summary>
    public const string NoLease = "no-lease";

    /// <summary>Recalled: a pause, a limit cut, or the row asked for it back near the limit.</summary>
    public const string Recalled = "recalled";

    /// <summary>Not renewed within its TTL as this instance counts it.</summary>
    public const string Expired = "expired";

    /// <summary>Less left in the lease than the estimate.</summary>
    public const string Short = "short";

    /// <summary>Too many decisions not yet flushed into the ledger row.</summary>
    public const string Unflushed = "unflushed";
}
