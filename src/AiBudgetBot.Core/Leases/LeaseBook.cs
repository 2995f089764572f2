namespace AiBudgetBot.Core.Leases;

/// <summary>
/// The lease part of a pool-period's ledger row: live leases, the epoch counter, the money
/// written off with dead holders, and the few usage events that arrived before their lease
/// decision was flushed. Kept under the same ETag as the rest of the row, so a grant, a flush
/// and a settlement are each one atomic step with the spend they move against.
/// </summary>
public sealed class LeaseBook
{
    /// <summary>
    /// Unmatched settlements kept at most. They only shorten how long a late flush holds money
    /// (a miss is still safe: the hold lapses with its expiry, but until then the money is
    /// counted twice, as spent and as held). Holders flush every <see cref="LeasePolicy.FlushAt"/>
    /// decisions, so this covers several flushes of usage that outruns its decisions (~60 KB of row).
    /// </summary>
    public const int MaxUnmatched = 1024;

    public Dictionary<string, Lease> Leases { get; } = new(StringComparer.Ordinal);

    /// <summary>The last epoch issued; never reused within the period, so a written-off holder's writes always fail.</summary>
    public long LastEpoch { get; set; }

    /// <summary>
    /// Money of leases whose holders stopped renewing. Nobody knows how much of it they used, so
    /// it counts as spent against the limit and never returns to headroom ("stranded").
    /// </summary>
    public decimal WrittenOff { get; private set; }

    public int WriteOffs { get; private set; }

    public List<UnmatchedSettlement> Unmatched { get; } = [];

    /// <summary>Money in live leases.</summary>
    public decimal Leased => Leases.Values.Sum(l => l.Amount);

    /// <summary>Committed by leases beyond the row's spent and held: live leases plus written off.</summary>
    public decimal Committed => Leased + WrittenOff;

    public void WriteOff(Lease lease)
    {
        if (Leases.Remove(lease.Instance))
        {
            WrittenOff += lease.Amount;
            WriteOffs++;
        }
    }

    public void RememberUnmatched(string requestId, decimal actual)
    {
        Unmatched.Add(new UnmatchedSettlement(requestId, actual));
        if (Unmatched.Count > MaxUnmatched)
        {
            Unmatched.RemoveAt(0);
        }
    }

    /// <summary>Removes and returns the unmatched settlement of <paramref name="requestId"/>, if one is remembered.</summary>
    public UnmatchedSettlement? TakeUnmatched(string requestId)
    {
        var index = Unmatched.FindIndex(u => string.Equals(u.RequestId, requestId, StringComparison.Ordinal));
        if (index < 0)
        {
            return null;
        }

        var found = Unmatched[index];
        Unmatched.RemoveAt(index);
        return found;
    }

    public LeaseBook Clone()
    {
        var copy = Restore(LastEpoch, WrittenOff, WriteOffs, Leases.Values, Unmatched);
        return copy;
    }

    /// <summary>Rebuilds a book from stored fields (the storage layer's mapper).</summary>
    public static LeaseBook Restore(long lastEpoch, decimal writtenOff, int writeOffs, IEnumerable<Lease> leases, IEnumerable<UnmatchedSettlement> unmatched)
    {
        var book = new LeaseBook { LastEpoch = lastEpoch, WrittenOff = writtenOff, WriteOffs = writeOffs };
        foreach (var lease in leases)
        {
            book.Leases[lease.Instance] = lease;
        }

        book.Unmatched.AddRange(unmatched);
        return book;
    }
}
