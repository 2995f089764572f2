using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests.Leases;

internal enum Act
{
    Authorize,
    Renew,
    Settle,
    Advance,
    StaleDecide,
    Crash,
    Restart,
    Pause,
    LimitChange,
    Shutdown,
}

/// <summary>One step of a run: what happens, to which instance, with which numbers, and which store fault hits its write.</summary>
/// <param name="Fault">0: reply lost; 1: never applied; 2: another instance writes in between (412); else none.</param>
internal sealed record Step(Act Act, int Node, int Cents, int Pick, int Fault)
{
    public override string ToString() => $"{Act}(n{Node}, {Cents}c, {Pick}, f{Fault})";
}

/// <summary>
/// A model of the lease protocol: three instances, each with a <see cref="LeaseHolder"/> and a
/// clock of its own, over a <see cref="RowStore"/> partition; gateways that authorize with an
/// upper-bound estimate and report usage at or below it. It runs the real Core rules and
/// checks the issue's properties after every step.
/// </summary>
internal sealed class LeaseSimulation
{
    public static readonly LeasePolicy Policy = LeasePolicy.Default;

    private static readonly DateTimeOffset Start = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HoldFor = TimeSpan.FromDays(1);

    private readonly RowStore _store = new("USD");
    private readonly Node[] _nodes = new Node[3];
    private readonly Dictionary<string, decimal> _allowed = new(StringComparer.Ordinal);

    // Allowed calls whose usage is not in the store yet, and the running sums that make the exposure check cheap.
    private readonly List<string> _open = [];
    private readonly Dictionary<string, int> _openIndex = new(StringComparer.Ordinal);
    private decimal _openEstimates;
    private decimal _settledActuals;
    private readonly HashSet<string> _uncertain = new(StringComparer.Ordinal);
    private DateTimeOffset _now = Start;
    private readonly decimal _scale;
    private readonly Action<string>? _trace;
    private EffectiveLimits _limits;
    private decimal _maxHard;
    private decimal _maxLease;
    private int _next;
    private int _instances;

    /// <param name="scale">The pool is $100 × scale (calls are $0.01–$5): 1 reaches the limit within a run, 100 mostly decides from leases.</param>
    /// <param name="spentPercent">Spend counted earlier in the period, as a share of the limit: runs start anywhere from empty to nearly exhausted.</param>
    public LeaseSimulation(decimal scale = 1m, int spentPercent = 0, Action<string>? trace = null)
    {
        _trace = trace;
        _scale = scale;
        _limits = new EffectiveLimits(100m * scale, 100m * scale);
        _maxHard = _limits.Hard;
        _maxLease = Policy.MaxLease(_limits.Soft);
        for (var i = 0; i < _nodes.Length; i++)
        {
            _nodes[i] = NewNode(i * 4 - 4);
        }

        if (spentPercent > 0)
        {
            var (ledger, book, events, etag) = _store.Read();
            ledger.Count(TestData.Counted(_limits.Hard * spentPercent / 100m, "earlier"));
            _store.Write(etag, ledger, book, events, _limits, Fault.None);
        }
    }

    public int LeaseDecisions { get; private set; }

    public int PerCallDecisions { get; private set; }

    public int WriteOffs => _store.Book.WriteOffs;

    public int Versions => _store.Versions;

    public int TightGrants => _store.TightGrants;

    /// <summary>Store writes made to decide (per-call authorizes and lease renewals), not to count usage.</summary>
    public int DecisionWrites { get; private set; }

    /// <summary>Runs <paramref name="steps"/> and the closing liveness check; the first broken property, or null.</summary>
    public string? Run(IEnumerable<Step> steps)
    {
        var index = 0;
        foreach (var step in steps)
        {
            Apply(step);
            if (Check() is { } broken)
            {
                return $"after step {index} {step}: {broken}";
            }

            index++;
        }

        return Quiesce() ?? Check();
    }

    private void Apply(Step step)
    {
        var node = _nodes[step.Node % _nodes.Length];
        var fault = step.Fault switch { 0 => Fault.LostReply, 1 => Fault.NotApplied, _ => Fault.None };
        var interloper = step.Fault == 2;
        switch (step.Act)
        {
            case Act.Authorize when node.CanAct(_now):
                Authorize(node, (step.Cents % 500 + 1) / 100m, node.Clock(_now), fault, interloper);
                break;
            case Act.StaleDecide when node.Alive:
                // Decided by a process with a stale view of time (it checked before a pause): the lease alone must bound it.
                StaleDecide(node, (step.Cents % 500 + 1) / 100m);
                break;
            case Act.Renew when node.CanAct(_now):
                Renew(node, fault, interloper);
                break;
            case Act.Settle:
                Settle(step, fault, interloper);
                break;
            case Act.Advance:
                _now += TimeSpan.FromSeconds(step.Pick % 10 == 0 ? step.Cents % 60 : step.Cents % 5);
                break;
            case Act.Crash:
                node.Alive = false;
                break;
            case Act.Restart when !node.Alive:
                _nodes[step.Node % _nodes.Length] = NewNode(step.Pick % 21 - 10);
                break;
            case Act.Pause when node.Alive:
                node.PausedUntil = _now + Policy.Ttl + Policy.WriteOffMargin + TimeSpan.FromSeconds(step.Cents % 30 + 15);
                break;
            case Act.LimitChange:
                // Around what is committed now, so cuts and raises land near the limit at every scale.
                var committed = Commitments.Of(_store.Ledger, _store.Book).Committed;
                var hard = Math.Max(1m, decimal.Round(committed + (step.Cents % 200 - 40) * _scale * 0.05m, 2));
                _limits = new EffectiveLimits(step.Pick % 2 == 0 ? hard : hard * 0.8m, hard);
                _maxHard = Math.Max(_maxHard, hard);
                _maxLease = Math.Max(_maxLease, Policy.MaxLease(_limits.Soft));
                break;
            case Act.Shutdown when node.CanAct(_now):
                if (node.Holder.NextRequest(node.Clock(_now), _limits, returning: true) is { } request)
                {
                    Send(node, request, fault, interloper);
                }

                node.Alive = false;
                break;
        }
    }

    private void Authorize(Node node, decimal amount, DateTimeOffset at, Fault fault, bool interloper)
    {
        var id = $"call-{_next++}";
        if (node.Holder.TryAllow(id, amount, _limits, _limits.Hard, at) is { Allowed: true })
        {
            Allowed(id, amount);
            LeaseDecisions++;
            return;
        }

        var (result, confirmed) = Transact(node, (ledger, book, _) => LeaseRules.Reserve(ledger, book, _limits, id, amount, null, at, HoldFor, Policy), fault, interloper);
        PerCallDecisions++;
        if (!confirmed)
        {
            // A 503 to the gateway: no call is made, but a hold may have landed (it lapses with its expiry).
            _uncertain.Add(id);
            return;
        }

        if (result!.Decision.Allowed)
        {
            Allowed(id, amount);
        }
        else if (_limits.Hard - (_store.Ledger.Spent + _store.Ledger.Reserved + _store.Book.WrittenOff) >= amount
                 && _store.Book.Leases.Values.Any(l => !l.Recalled))
        {
            // Denied while the money is only in leases: they must all be recalled, so the denial is temporary.
            node.Failure = $"denied {amount} with {_store.Book.Leases.Values.Count(l => !l.Recalled)} leases not recalled";
        }
    }

    private void StaleDecide(Node node, decimal amount)
    {
        var id = $"call-{_next++}";
        if (node.Holder.TryAllow(id, amount, _limits, _limits.Hard, node.LastActed) is { Allowed: true })
        {
            Allowed(id, amount);
            LeaseDecisions++;
        }
    }

    private void Renew(Node node, Fault fault, bool interloper)
    {
        var at = node.Clock(_now);
        if (node.Holder.NextRequest(at, _limits) is { } request)
        {
            Send(node, request, fault, interloper);
        }
    }

    private void Send(Node node, LeaseRequest request, Fault fault, bool interloper)
    {
        var at = node.Clock(_now);
        var (grant, confirmed) = Transact(node, (ledger, book, _) => LeaseRules.Apply(ledger, book, request, _limits, Policy, at, HoldFor), fault, interloper);
        _trace?.Invoke($"{_now:HH:mm:ss} {node.Id} asks {request.Want} (epoch {request.Epoch}, {request.Flush.Count} to flush) under {_limits}, committed {Commitments.Of(_store.Ledger, _store.Book).Committed}: {(confirmed ? grant!.ToString() : "no reply")}");
        if (confirmed)
        {
            node.Holder.Confirm(request, grant!, at);
        }
        else
        {
            node.Holder.Unknown(at);
        }
    }

    private void Settle(Step step, Fault fault, bool interloper)
    {
        var writer = _nodes.FirstOrDefault(n => n.CanAct(_now));
        if (_open.Count == 0 || writer is null)
        {
            return;
        }

        var id = _open[step.Pick % _open.Count];
        // Usage at or below the estimate (the estimate is an upper bound), often well below.
        var actual = LeasePolicy.Micros(_allowed[id] * (step.Cents % 101) / 100m);
        var at = writer.Clock(_now);
        Transact(
            writer,
            (ledger, book, events) =>
            {
                if (!_store.Events.ContainsKey(id) && events.TryAdd(id, actual))
                {
                    ledger.Count(TestData.Counted(actual, id));
                    LeaseRules.Settle(ledger, book, id, actual, _limits, Policy);
                }

                return true;
            },
            fault,
            interloper,
            decides: false);
        if (_store.Events.TryGetValue(id, out var counted))
        {
            // Counted (the reply may have been lost, the row is there all the same).
            Reported(id, counted);
        }
    }

    private void Allowed(string id, decimal amount)
    {
        _allowed[id] = amount;
        _openIndex[id] = _open.Count;
        _open.Add(id);
        _openEstimates += amount;
    }

    private void Reported(string id, decimal actual)
    {
        var index = _openIndex[id];
        var last = _open[^1];
        _open[index] = last;
        _openIndex[last] = index;
        _open.RemoveAt(_open.Count - 1);
        _openIndex.Remove(id);
        _openEstimates -= _allowed[id];
        _settledActuals += actual;
    }

    /// <summary>One ETag-conditioned read-modify-write, retried on 412 (restaged on the fresh row), as the partition writer does.</summary>
    private (T? Result, bool Confirmed) Transact<T>(Node node, Func<LedgerState, LeaseBook, Dictionary<string, decimal>, T> stage, Fault fault, bool interloper, bool decides = true)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            DecisionWrites += decides ? 1 : 0;
            var (ledger, book, events, etag) = _store.Read();
            // Every writer writes dead leases off on its own clock, as the host's ledger rules will.
            LeaseRules.WriteOffExpired(book, node.Clock(_now), Policy);
            var result = stage(ledger, book, events);
            if (interloper && attempt == 0 && _nodes.FirstOrDefault(n => n != node && n.CanAct(_now)) is { } other)
            {
                Renew(other, Fault.None, interloper: false);
                if (_store.ETag == etag)
                {
                    // Nothing to renew: another writer's no-op still moves the ETag.
                    var (l, b, e, t) = _store.Read();
                    _store.Write(t, l, b, e, _limits, Fault.None);
                }
            }

            switch (_store.Write(etag, ledger, book, events, _limits, attempt == 0 ? fault : Fault.None))
            {
                case WriteOutcome.Ok:
                    node.LastActed = node.Clock(_now);
                    return (result, true);
                case WriteOutcome.NoReply:
                    return (default, false);
            }
        }

        return (default, false);
    }

    private string? Check()
    {
        if (_store.Violations.Count > 0)
        {
            return _store.Violations[0];
        }

        if (_nodes.FirstOrDefault(n => n.Failure is not null) is { } failed)
        {
            return failed.Failure;
        }

        // Total allowed ≤ limit: every allowed call costs its reported usage, or its estimate while unreported.
        var exposure = _settledActuals + _openEstimates;
        if (exposure > _maxHard)
        {
            return $"allowed {exposure} > limit {_maxHard}";
        }

        var book = _store.Book;
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            var view = node.Holder.View();
            if (view.Pending > view.Cap)
            {
                return $"I2: {node.Id} decided {view.Pending} with a cap of {view.Cap}";
            }

            // I2 as durably written: what the holder decided and the row has not recorded is inside its lease.
            if (view.Epoch is { } epoch && book.Leases.TryGetValue(node.Id, out var lease) && lease.Epoch == epoch)
            {
                var unflushed = view.Unflushed.Where(d => d.Seq > lease.FlushedThrough).Sum(d => d.Amount);
                if (unflushed > lease.Amount)
                {
                    return $"I2: {node.Id} has {unflushed} unflushed against a lease of {lease.Amount}";
                }
            }
        }

        // Stranded ≤ its bound: each lease at most one maximum lease, each write-off too.
        if (book.Leases.Values.Any(l => l.Amount > _maxLease) || book.WrittenOff > book.WriteOffs * _maxLease)
        {
            return $"stranded: leased {book.Leased} in {book.Leases.Count}, written off {book.WrittenOff} in {book.WriteOffs}, max lease {_maxLease}";
        }

        // No leaked holds: every hold belongs to a call allowed and not yet reported, or to an answer that never arrived.
        var leaked = _store.Ledger.Reservations.Keys.FirstOrDefault(id => !_openIndex.ContainsKey(id) && !_uncertain.Contains(id));
        return leaked is null ? null : $"hold {leaked} belongs to no open call";
    }

    /// <summary>
    /// No permanent false denial: once the live instances have renewed and returned what they
    /// hold and dead leases are past their TTL, no lease remains and any estimate within the
    /// limit less spent, held and written-off money is allowed.
    /// </summary>
    private string? Quiesce()
    {
        _now += Policy.Ttl + Policy.WriteOffMargin + TimeSpan.FromSeconds(60);
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            node.PausedUntil = _now;
            for (var i = 0; i < 3 && node.Holder.NextRequest(node.Clock(_now), _limits, returning: true) is { } request; i++)
            {
                Send(node, request, Fault.None, interloper: false);
            }
        }

        var writer = _nodes.FirstOrDefault(n => n.Alive) ?? (_nodes[0] = NewNode(0));
        Transact(writer, (_, _, _) => true, Fault.None, interloper: false);
        if (_store.Book.Leases.Count > 0)
        {
            return $"after quiescing, leases remain: {string.Join(", ", _store.Book.Leases.Values)}";
        }

        var free = _limits.Hard - (_store.Ledger.Spent + _store.Ledger.Reserved + _store.Book.WrittenOff);
        if (free < 0.01m)
        {
            return null;
        }

        var amount = Math.Min(free, 5m);
        var id = $"call-{_next++}";
        var before = _allowed.Count;
        Authorize(writer, amount, writer.Clock(_now), Fault.None, interloper: false);
        return _allowed.Count > before ? null : $"denied {amount} with {free} free and no lease left";
    }

    private Node NewNode(int offsetSeconds)
    {
        var holder = new LeaseHolder($"i{_instances++}", Policy);
        return new Node(holder.Instance, holder, TimeSpan.FromSeconds(offsetSeconds)) { LastActed = _now };
    }

    private sealed class Node(string id, LeaseHolder holder, TimeSpan offset)
    {
        public string Id { get; } = id;

        public LeaseHolder Holder { get; } = holder;

        public bool Alive { get; set; } = true;

        public DateTimeOffset PausedUntil { get; set; }

        public DateTimeOffset LastActed { get; set; }

        public string? Failure { get; set; }

        public DateTimeOffset Clock(DateTimeOffset now) => now + offset;

        public bool CanAct(DateTimeOffset now) => Alive && now >= PausedUntil;
    }
}
