using System.Text.Json;
using System.Text.Json.Serialization;
using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Money;
using AiBudgetBot.Core.Spend;
using Azure.Data.Tables;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>
/// Maps a pool-period's <see cref="LedgerState"/> to its ledger row and back. Money is kept as
/// integer micro-units; the breakdown (by workflow, model, tier, user) is compact JSON split
/// over as many string properties as it needs, since one property holds at most 32 K characters.
/// </summary>
public static class LedgerRowMapper
{
    private const int ChunkChars = 30_000;

    public static TableEntity ToEntity(string partition, LedgerState state)
    {
        var entity = new TableEntity(partition, LedgerKeys.LedgerRow)
        {
            ["Currency"] = state.Currency,
            ["SpentMicros"] = ToMicros(state.Spent),
            ["ReservedMicros"] = ToMicros(state.Reserved),
            ["ForecastAlerted"] = state.ForecastAlerted,
            ["Events"] = state.Events,
            ["AlertedThresholdMilli"] = (long)(state.HighestThresholdAlerted * 1000m),
            // Lease totals stand on their own so readers (status, metrics) need not parse the breakdown.
            ["LeasedMicros"] = ToMicros(state.Leases.Leased),
            ["WrittenOffMicros"] = ToMicros(state.Leases.WrittenOff),
            ["LeaseWriteOffs"] = state.Leases.WriteOffs,
            ["LeaseEpoch"] = state.Leases.LastEpoch,
        };
        var json = JsonSerializer.Serialize(new StoredBreakdown(
            Lines(state.ByWorkflow),
            Lines(state.ByModel),
            Lines(state.ByTier),
            Lines(state.ByUser),
            null,
            state.Overrides.Values.Select(o => new StoredOverride(o.Id, ToMicros(o.Amount), o.ExpiresAt.ToUnixTimeMilliseconds(), o.Workflow)).ToList(),
            state.ReviewDay,
            state.UserToday.ToDictionary(u => u.Key, u => ToMicros(u.Value)),
            [.. state.FlaggedToday],
            Lines(state.ByWorkflowModel),
            state.ByDay.ToDictionary(d => Day(d.Key), d => new[] { ToMicros(d.Value.Cost), d.Value.Calls, d.Value.InputTokens, d.Value.OutputTokens }),
            Daily(state.DayWorkflows),
            Daily(state.DayModels),
            state.Leases.Leases.Values.Select(l => new StoredLease(l.Instance, l.Epoch, ToMicros(l.Amount), l.ExpiresAt.ToUnixTimeMilliseconds(), l.FlushedThrough, l.Recalled)).ToList(),
            state.Leases.Unmatched.Select(u => new StoredUnmatched(u.RequestId, ToMicros(u.Actual))).ToList(),
            [.. state.Reservations.Values.Select(ToStored)]));
        var chunks = 0;
        for (var start = 0; start < json.Length; start += ChunkChars, chunks++)
        {
            entity[$"Breakdown{chunks}"] = json.Substring(start, Math.Min(ChunkChars, json.Length - start));
        }

        entity["BreakdownChunks"] = chunks;
        return entity;
    }

    public static LedgerState ToState(TableEntity entity)
    {
        var chunks = entity.GetInt32("BreakdownChunks") ?? 0;
        var stored = chunks > 0
            ? JsonSerializer.Deserialize<StoredBreakdown>(string.Concat(Enumerable.Range(0, chunks).Select(i => entity.GetString($"Breakdown{i}"))))!
            : null;
        var leases = LeaseBook.Restore(
            entity.GetInt64("LeaseEpoch") ?? 0,
            FromMicros(entity.GetInt64("WrittenOffMicros") ?? 0),
            entity.GetInt32("LeaseWriteOffs") ?? 0,
            (stored?.L ?? []).Select(l => new Lease(l.Instance, l.Epoch, FromMicros(l.Micros), DateTimeOffset.FromUnixTimeMilliseconds(l.ExpiresMs), l.Flushed, l.Recalled)),
            (stored?.UM ?? []).Select(u => new UnmatchedSettlement(u.RequestId, FromMicros(u.Micros))));
        var state = LedgerState.Restore(
            entity.GetString("Currency"),
            FromMicros(entity.GetInt64("SpentMicros") ?? 0),
            entity.GetInt64("Events") ?? 0,
            (entity.GetInt64("AlertedThresholdMilli") ?? 0) / 1000m,
            leases);
        state.ForecastAlerted = entity.GetBoolean("ForecastAlerted") ?? false;
        if (stored is not null)
        {
            Fill(state.ByWorkflow, stored.W);
            Fill(state.ByModel, stored.M);
            Fill(state.ByTier, stored.T);
            Fill(state.ByUser, stored.U);
            foreach (var r in stored.R ?? [])
            {
                var lease = r.LI is { } instance ? new LeaseRef(instance, r.LE ?? 0) : (LeaseRef?)null;
                state.Hold(new Reservation(r.Id, FromMicros(r.Micros), DateTimeOffset.FromUnixTimeMilliseconds(r.ExpiresMs), r.Reason, r.Override, lease));
            }

            // A hold names its lease by epoch alone (unique in the row); the live lease of that epoch gives the instance.
            var instances = leases.Leases.Values.ToDictionary(l => l.Epoch, l => l.Instance);
            foreach (var h in stored.H ?? [])
            {
                var lease = h.E is { } epoch ? new LeaseRef(instances.GetValueOrDefault(epoch, ""), epoch) : (LeaseRef?)null;
                state.Hold(new Reservation(h.I, FromMicros(h.M), DateTimeOffset.FromUnixTimeMilliseconds(h.X), h.R ?? DecisionReasons.WithinBudget, h.O, lease));
            }

            foreach (var o in stored.O ?? [])
            {
                state.Overrides[o.Id] = new BudgetOverride(o.Id, FromMicros(o.Micros), DateTimeOffset.FromUnixTimeMilliseconds(o.ExpiresMs), o.Workflow);
            }

            state.ReviewDay = stored.D;
            foreach (var (user, micros) in stored.UD ?? [])
            {
                state.UserToday[user] = FromMicros(micros);
            }

            state.FlaggedToday.UnionWith(stored.FD ?? []);
            Fill(state.ByWorkflowModel, stored.WM);
            foreach (var (day, v) in stored.Y ?? [])
            {
                state.ByDay[ParseDay(day)] = new SpendLine(FromMicros(v[0]), v[1], v[2], v[3]);
            }

            FillDaily(state.DayWorkflows, stored.YW);
            FillDaily(state.DayModels, stored.YM);
        }

        return state;
    }

    public static long ToMicros(decimal amount) => new Money(amount, "XXX").ToMicros();

    public static decimal FromMicros(long micros) => micros / (decimal)Money.MicrosPerUnit;

    private static Dictionary<string, long[]> Lines(Dictionary<string, SpendLine> lines) =>
        lines.ToDictionary(l => l.Key, l => new[] { ToMicros(l.Value.Cost), l.Value.Calls, l.Value.InputTokens, l.Value.OutputTokens });

    private static void Fill(Dictionary<string, SpendLine> target, Dictionary<string, long[]>? stored)
    {
        foreach (var (key, v) in stored ?? [])
        {
            target[key] = new SpendLine(FromMicros(v[0]), v[1], v[2], v[3]);
        }
    }

    private static Dictionary<string, Dictionary<string, long>> Daily(SortedDictionary<DateOnly, Dictionary<string, decimal>> daily) =>
        daily.ToDictionary(d => Day(d.Key), d => d.Value.ToDictionary(l => l.Key, l => ToMicros(l.Value)));

    private static void FillDaily(SortedDictionary<DateOnly, Dictionary<string, decimal>> target, Dictionary<string, Dictionary<string, long>>? stored)
    {
        foreach (var (day, lines) in stored ?? [])
        {
            target[ParseDay(day)] = lines.ToDictionary(l => l.Key, l => FromMicros(l.Value), StringComparer.OrdinalIgnoreCase);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string day) => DateOnly.ParseExact(day, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Short property names: this JSON is rewritten with every batch.</summary>
    /// <remarks>R: holds as rows written before H kept them; H: open holds (<see cref="StoredHold"/>); WM: by workflow and model; Y: per local day; YW, YM: per day by workflow, by model; L: leases; UM: usage that came before its lease decision was flushed (rows written before these existed read them as empty).</remarks>
    private sealed record StoredBreakdown(
        Dictionary<string, long[]>? W,
        Dictionary<string, long[]>? M,
        Dictionary<string, long[]>? T,
        Dictionary<string, long[]>? U,
        List<StoredReservation>? R,
        List<StoredOverride>? O,
        DateOnly? D,
        Dictionary<string, long>? UD,
        List<string>? FD,
        Dictionary<string, long[]>? WM = null,
        Dictionary<string, long[]>? Y = null,
        Dictionary<string, Dictionary<string, long>>? YW = null,
        Dictionary<string, Dictionary<string, long>>? YM = null,
        List<StoredLease>? L = null,
        List<StoredUnmatched>? UM = null,
        List<StoredHold>? H = null);

    /// <summary>One open hold as rows written before <see cref="StoredHold"/> kept it (read, never written).</summary>
    /// <param name="LI">The instance of the lease it was decided under; <paramref name="LE"/> that lease's epoch.</param>
    private sealed record StoredReservation(string Id, long Micros, long ExpiresMs, string Reason, string? Override, string? LI = null, long? LE = null);

    /// <summary>
    /// One open hold, as small as it can be: the row carries thousands and is capped at 1 MiB
    /// (<see cref="HoldCapacity"/>). I: request id; M: micro-units; X: expiry (Unix ms); R: reason,
    /// omitted for within-budget; O: override id; E: the epoch of the lease it was decided under.
    /// </summary>
    private sealed record StoredHold(
        [property: JsonPropertyName("i")] string I,
        [property: JsonPropertyName("m")] long M,
        [property: JsonPropertyName("x")] long X,
        [property: JsonPropertyName("r"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? R = null,
        [property: JsonPropertyName("o"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? O = null,
        [property: JsonPropertyName("e"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? E = null);

    private static StoredHold ToStored(Reservation r) => new(
        r.Id,
        ToMicros(r.Amount),
        r.ExpiresAt.ToUnixTimeMilliseconds(),
        r.Reason == DecisionReasons.WithinBudget ? null : r.Reason,
        r.OverrideId,
        r.Lease?.Epoch);

    /// <summary>The characters <paramref name="hold"/> takes in the row's JSON (tests check <see cref="HoldCapacity.Chars(Reservation)"/> against it).</summary>
    internal static int StoredChars(Reservation hold) => JsonSerializer.Serialize(ToStored(hold)).Length + 1;

    private sealed record StoredLease(string Instance, long Epoch, long Micros, long ExpiresMs, long Flushed, bool Recalled);

    private sealed record StoredUnmatched(string RequestId, long Micros);

    private sealed record StoredOverride(string Id, long Micros, long ExpiresMs, string? Workflow);
}
