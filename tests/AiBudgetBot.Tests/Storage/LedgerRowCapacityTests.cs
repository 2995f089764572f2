using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;
using AiBudgetBot.Storage.Ledger;
using AiBudgetBot.Tests.Infrastructure;
using Azure.Data.Tables;

namespace AiBudgetBot.Tests.Storage;

/// <summary>
/// The ledger row carries every open hold and Table Storage refuses an entity over 1 MiB: the
/// row must never grow past it, or every write of its partition (usage included) would fail.
/// </summary>
public sealed class LedgerRowCapacityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200, false)]
    [InlineData(200, true)]
    [InlineData(36, false)]
    public void The_room_counted_for_a_hold_covers_its_stored_form(int idLength, bool escaped)
    {
        // JSON writes '<', 'é' and the like as \uXXXX: six characters for one.
        var id = escaped ? string.Concat(Enumerable.Repeat("<é", idLength / 2)) : new string('r', idLength);
        Reservation[] holds =
        [
            new(id, 999_999_999.999999m, DateTimeOffset.MaxValue, DecisionReasons.SoftLimitExceeded, new string('o', HoldCapacity.MaxOverrideIdChars), new LeaseRef("instance", long.MaxValue)),
            new(id, 0.000001m, Now, DecisionReasons.WithinBudget, null, null),
            new(id, 12.5m, Now, DecisionReasons.WithinBudget, null, new LeaseRef("bot", 3)),
        ];

        foreach (var hold in holds)
        {
            Assert.True(LedgerRowMapper.StoredChars(hold) <= HoldCapacity.Chars(hold), $"{LedgerRowMapper.StoredChars(hold)} > {HoldCapacity.Chars(hold)} for {hold}");
        }
    }

    [Fact]
    public void Holds_keep_their_reason_override_and_lease_through_the_row()
    {
        var book = new LeaseBook();
        book.Leases["bot-1"] = new Lease("bot-1", 7, 5m, Now.AddSeconds(30), 12, false);
        var ledger = LedgerState.Restore("USD", 10m, 3, 0m, book);
        ledger.Hold(new Reservation("leased", 0.25m, Now.AddMinutes(10), DecisionReasons.WithinBudget, null, new LeaseRef("bot-1", 7)));
        ledger.Hold(new Reservation("old-lease", 0.5m, Now.AddMinutes(10), DecisionReasons.WithinBudget, null, new LeaseRef("bot-0", 3)));
        ledger.Hold(new Reservation("over", 2m, Now.AddMinutes(5), DecisionReasons.Override, "marketing:abc", null));

        var back = LedgerRowMapper.ToState(LedgerRowMapper.ToEntity("p", ledger));

        Assert.Equal(new Reservation("leased", 0.25m, Now.AddMinutes(10), DecisionReasons.WithinBudget, null, new LeaseRef("bot-1", 7)), back.Reservations["leased"]);
        // Its lease is gone: the epoch stays, no instance can claim the difference back.
        Assert.Equal(new LeaseRef("", 3), back.Reservations["old-lease"].Lease);
        Assert.Equal(new Reservation("over", 2m, Now.AddMinutes(5), DecisionReasons.Override, "marketing:abc", null), back.Reservations["over"]);
        Assert.Equal(2.75m, back.Reserved);
    }

    [Fact]
    public void A_row_written_before_compact_holds_still_reads()
    {
        var entity = new TableEntity("p", LedgerKeys.LedgerRow)
        {
            ["Currency"] = "USD",
            ["SpentMicros"] = 1_000_000L,
            ["BreakdownChunks"] = 1,
            ["Breakdown0"] = $$"""{"R":[{"Id":"a","Micros":1500000,"ExpiresMs":{{Now.AddMinutes(1).ToUnixTimeMilliseconds()}},"Reason":"within-budget","Override":null,"LI":"bot-9","LE":4}]}""",
        };

        var state = LedgerRowMapper.ToState(entity);

        Assert.Equal(new Reservation("a", 1.5m, Now.AddMinutes(1), DecisionReasons.WithinBudget, null, new LeaseRef("bot-9", 4)), state.Reservations["a"]);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(36)]
    public async Task A_row_full_of_holds_is_still_writable_and_the_next_hold_is_refused(int idLength)
    {
        // The rest of the row as large as its caps let it grow: every breakdown at its key limit.
        var ledger = new LedgerState("USD");
        var period = new Core.Periods.BudgetPeriod("2026-12", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31), Now, Now);
        for (var i = 0; i < LedgerState.MaxKeys + 10; i++)
        {
            var usage = new UsageEvent(
                $"e{i}", Now.AddDays(-(i % 3)), "team", $"user-{i}-{new string('u', 40)}", $"workflow-{i}-{new string('w', 40)}", $"model-{i}-{new string('m', 40)}", "openai",
                new Core.Pricing.TokenCounts(1000, 200, 0), null, null, null);
            ledger.Count(new CountedEvent(usage, "baseline", period, new Core.Money.Money(0.01m, "USD"), Core.Pricing.ModelTier.Standard));
        }

        var limits = new EffectiveLimits(1_000_000m, 1_000_000m);
        var held = 0;
        while (true)
        {
            var id = $"{held:D8}".PadRight(idLength, 'x');
            var decision = Authorizer.Reserve(ledger, limits, id, 0.01m, null, Now, TimeSpan.FromMinutes(10));
            if (!decision.Allowed)
            {
                Assert.Equal(DecisionReasons.TooManyOpenReservations, decision.Reason);
                break;
            }

            held++;
        }

        Assert.InRange(held, 1, HoldCapacity.MaxHolds);
        Assert.True(ledger.HoldChars <= HoldCapacity.BudgetChars);
        var table = new TableClient((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix() + "capacity");
        await table.CreateIfNotExistsAsync();
        // Azurite refuses an entity over 1 MiB as the service does (EntityTooLarge).
        await table.AddEntityAsync(LedgerRowMapper.ToEntity("p", ledger));
        var read = LedgerRowMapper.ToState((await table.GetEntityAsync<TableEntity>("p", LedgerKeys.LedgerRow)).Value);
        Assert.Equal(held, read.Reservations.Count);
    }
}
