using AiBudgetBot.Core.Leases;
using AiBudgetBot.Core.Limits;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests.Leases;

/// <summary>The lease rules one scenario at a time (the model tests check them in every interleaving).</summary>
public sealed class LeaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly EffectiveLimits Limits = new(1000m, 1000m);
    private static readonly LeasePolicy Policy = LeasePolicy.Default;
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

    private readonly LedgerState _ledger = new("USD");
    private readonly LeaseBook _book = new();

    [Fact]
    public void Grant_CoversRecentDemandAndNeverMoreThanTheMaximumLease()
    {
        var holder = Busy(calls: 10, each: 1m);

        var grant = Renew(holder, Now);

        Assert.Equal(LeaseStatus.Granted, grant.Status);
        // $10 of demand in the half-second floor of the window: $20/s × 2 renewals of 2 s = $80, capped at 5 % of $1,000.
        Assert.Equal(50m, grant.Amount);
        Assert.Equal(50m, _book.Leased);
    }

    [Fact]
    public void ABurstAfterATrickle_SizesTheVeryNextTopUp_NotOneHalfSecondLater()
    {
        var limits = new EffectiveLimits(1_000_000m, 1_000_000m);
        var holder = new LeaseHolder("test", Policy);
        holder.TryAllow("first", 0.01m, limits, limits.Hard, Now);
        var first = holder.NextRequest(Now, limits)!;
        holder.Confirm(first, LeaseRules.Apply(_ledger, _book, first, limits, Policy, Now, Hold), Now);
        // One cent in the half-second floor: $0.02/s × 2 renewals of 2 s.
        Assert.Equal(0.08m, first.Want);

        var burst = Now.AddMilliseconds(100);
        var allowed = Enumerable.Range(0, 200).Count(i => holder.TryAllow($"burst-{i}", 0.01m, limits, limits.Hard, burst) is not null);
        var topUp = holder.NextRequest(burst, limits)!;

        Assert.Equal(8, allowed);
        // $2 within 0.1 s is at least $4/s over the half-second window: 2 renewals of 2 s = $16.
        Assert.Equal(16m, topUp.Want);
    }

    [Fact]
    public void Decisions_ComeFromTheLeaseInMemory_AndBecomeHoldsAtTheNextRenewal()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);

        var decisions = Enumerable.Range(0, 5).Select(i => holder.TryAllow($"call-{i}", 2m, Limits, 1000m, Now)).ToList();

        Assert.All(decisions, d => Assert.Equal((true, DecisionReasons.WithinBudget), (d!.Allowed, d.Reason)));
        Assert.Empty(_ledger.Reservations);
        Assert.Equal(40m, holder.View().Available);

        Renew(holder, Now.AddSeconds(2));

        Assert.Equal(5, _ledger.Reservations.Count);
        Assert.All(_ledger.Reservations.Values, r => Assert.Equal(holder.Instance, r.Lease!.Value.Instance));
        Assert.Equal(10m, _ledger.Reserved);
    }

    [Fact]
    public void NearTheLimit_NoLeaseIsGranted_AndDecisionsArePerCall()
    {
        _ledger.Count(TestData.Counted(985m, "earlier"));
        var holder = Busy(calls: 10, each: 1m);

        var grant = Renew(holder, Now);

        Assert.Equal(LeaseStatus.Refused, grant.Status);
        Assert.Null(holder.TryAllow("call", 1m, Limits, 1000m, Now));
        var perCall = LeaseRules.Reserve(_ledger, _book, Limits, "call", 1m, null, Now, Hold, Policy);
        Assert.True(perCall.Decision.Allowed);
    }

    [Fact]
    public void NearTheLimit_MissesDoNotAskForAWrite_UntilTheNextRenewalCouldBeGranted()
    {
        _ledger.Hold(new Reservation("earlier", 990m, Now.AddHours(1), DecisionReasons.WithinBudget, null));
        var holder = Busy(calls: 1, each: 1m);
        Assert.True(holder.WriteDue);
        var refused = Renew(holder, Now);
        Assert.Equal(LeaseStatus.Refused, refused.Status);

        Assert.Null(holder.TryAllow("near-1", 1m, Limits, Limits.Hard, Now.AddSeconds(1)));
        Assert.False(holder.WriteDue);
        Assert.Null(holder.NextRequest(Now.AddSeconds(1), Limits));

        Assert.Null(holder.TryAllow("near-2", 1m, Limits, Limits.Hard, Now + Policy.RenewEvery));
        Assert.True(holder.WriteDue);
    }

    [Fact]
    public void Leases_TogetherTakeAtMostTheirShareOfTheRoomLeft()
    {
        _ledger.Count(TestData.Counted(900m, "earlier"));
        var holders = Enumerable.Range(0, 3).Select(_ => Busy(calls: 100, each: 0.5m)).ToList();

        holders.ForEach(h => Renew(h, Now));
        // The first lease was sized while it was alone; from the next renewals on each asks only its share.
        for (var round = 1; round <= 3; round++)
        {
            holders.ForEach(h => Renew(h, Now.AddSeconds(2 * round), demand: 10));
        }

        // α = ½ of the $100 left, shared by three.
        Assert.True(_book.Leased <= 50m, $"{_book.Leased} leased of $100 left");
        Assert.Equal(3, _book.Leases.Count);
        Assert.All(_book.Leases.Values, l => Assert.True(l.Amount <= Policy.MaxLease(Limits.Soft)));
    }

    [Fact]
    public void AHolderThatStopsRenewing_IsWrittenOff_ItsMoneyCountedAndItsNextWriteRefused()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);
        holder.TryAllow("before-the-pause", 3m, Limits, 1000m, Now);

        var later = Now + Policy.Ttl + Policy.WriteOffMargin;
        var writtenOff = LeaseRules.WriteOffExpired(_book, later, Policy);

        Assert.Equal(1, writtenOff);
        Assert.Equal(50m, _book.WrittenOff);
        Assert.Equal(50m, Commitments.Of(_ledger, _book).Committed);
        // Woken up, the holder may still decide inside what was debited…
        var request = holder.NextRequest(later, Limits)!;
        var answer = LeaseRules.Apply(_ledger, _book, request, Limits, Policy, later, Hold);
        holder.Confirm(request, answer, later);
        // …but its renewal is refused, and nothing it flushed was recorded twice.
        Assert.Equal(LeaseStatus.Lost, answer.Status);
        Assert.Empty(_ledger.Reservations);
        Assert.Null(holder.View().Epoch);
    }

    [Fact]
    public void SettlingBelowTheEstimate_GivesTheDifferenceBackToTheLiveLease()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);
        holder.TryAllow("call", 4m, Limits, 1000m, Now);
        Renew(holder, Now.AddSeconds(2));
        var leased = _book.Leased;

        _ledger.Count(TestData.Counted(1.5m, "call"));
        LeaseRules.Settle(_ledger, _book, "call", 1.5m, Limits, Policy);

        Assert.Empty(_ledger.Reservations);
        Assert.Equal(Math.Min(leased + 2.5m, Policy.MaxLease(Limits.Soft)), _book.Leased);
    }

    [Fact]
    public void UsageCountedBeforeItsDecisionIsFlushed_LeavesNoHoldBehind()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);
        holder.TryAllow("fast-call", 4m, Limits, 1000m, Now);

        _ledger.Count(TestData.Counted(1m, "fast-call"));
        LeaseRules.Settle(_ledger, _book, "fast-call", 1m, Limits, Policy);
        var request = holder.NextRequest(Now.AddSeconds(2), Limits, returning: true)!;
        var answer = LeaseRules.Apply(_ledger, _book, request, Limits, Policy, Now.AddSeconds(2), Hold);

        // No hold is left to block $4 until it lapses: the row commits the $1 spent and nothing else.
        Assert.Equal(LeaseStatus.Returned, answer.Status);
        Assert.Empty(_ledger.Reservations);
        Assert.Empty(_book.Unmatched);
        Assert.Equal(1m, Commitments.Of(_ledger, _book).Committed);
    }

    [Fact]
    public void ADenialOnlyLeasesExplain_RecallsThem_AndTheirReturnLetsTheCallThrough()
    {
        _ledger.Count(TestData.Counted(940m, "earlier"));
        var holder = Busy(calls: 100, each: 0.5m);
        Renew(holder, Now);
        Assert.True(_book.Leased > 0m);

        var denied = LeaseRules.Reserve(_ledger, _book, Limits, "big", 1000m - 940m - 1m, null, Now, Hold, Policy);

        Assert.False(denied.Decision.Allowed);
        Assert.True(denied.ChangesState);
        Assert.All(_book.Leases.Values, l => Assert.True(l.Recalled));
        // The holder learns of the recall at its next renewal and returns at the one after (one renewal period apart).
        Renew(holder, Now.AddSeconds(2));
        Renew(holder, Now.AddSeconds(4));
        Assert.Empty(_book.Leases);
        Assert.True(LeaseRules.Reserve(_ledger, _book, Limits, "big", 1000m - 940m - 1m, null, Now.AddSeconds(2), Hold, Policy).Decision.Allowed);
    }

    [Fact]
    public void ALimitCut_StopsDecisionsFromTheLease_AndTheNextRenewalReturnsIt()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);
        var cut = new EffectiveLimits(500m, 500m);

        Assert.Null(holder.TryAllow("call", 1m, cut, 500m, Now));

        var request = holder.NextRequest(Now, cut, returning: false)!;
        Assert.Equal(0m, request.Want);
        var answer = LeaseRules.Apply(_ledger, _book, request, cut, Policy, Now, Hold);
        Assert.Equal(LeaseStatus.Returned, answer.Status);
        Assert.Equal(0m, Commitments.Of(_ledger, _book).Committed);
    }

    [Fact]
    public void AGrantWhoseReplyWasLost_IsAdoptedOnRetry_NotGrantedTwice()
    {
        var holder = Busy(calls: 10, each: 1m);
        var request = holder.NextRequest(Now, Limits)!;
        LeaseRules.Apply(_ledger, _book, request, Limits, Policy, Now, Hold);
        holder.Unknown(Now);
        Assert.Null(holder.TryAllow("call", 1m, Limits, 1000m, Now));

        var retry = Renew(holder, Now);

        Assert.Equal(LeaseStatus.Granted, retry.Status);
        Assert.Single(_book.Leases);
        Assert.Equal(1, _book.LastEpoch);
        Assert.NotNull(holder.TryAllow("call", 1m, Limits, 1000m, Now));
    }

    [Fact]
    public void Returning_FlushesEveryDecisionAndFreesTheRest()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);
        holder.TryAllow("call", 3m, Limits, 1000m, Now);

        var request = holder.NextRequest(Now, Limits, returning: true)!;
        Assert.Null(holder.TryAllow("during-the-return", 1m, Limits, 1000m, Now));
        var answer = LeaseRules.Apply(_ledger, _book, request, Limits, Policy, Now, Hold);
        holder.Confirm(request, answer, Now);

        Assert.Equal(LeaseStatus.Returned, answer.Status);
        Assert.Empty(_book.Leases);
        Assert.Equal(3m, _ledger.Reserved);
        Assert.Equal(3m, Commitments.Of(_ledger, _book).Committed);
    }

    [Fact]
    public void AFlushThatWouldSpendMoreThanTheLease_IsRefusedAsABug()
    {
        var holder = Busy(calls: 10, each: 1m);
        Renew(holder, Now);
        var lease = _book.Leases.Values.Single();
        var forged = new LeaseRequest(holder.Instance, lease.Epoch, 0, [new LeasedDecision(lease.FlushedThrough + 1, "too-much", lease.Amount + 1m)], 0m, 1m);

        Assert.Throws<InvalidOperationException>(() => LeaseRules.Apply(_ledger, _book, forged, Limits, Policy, Now, Hold));
    }

    /// <summary>A holder that has seen <paramref name="calls"/> authorizes of <paramref name="each"/> (per call, before it had a lease).</summary>
    private static LeaseHolder Busy(int calls, decimal each)
    {
        var holder = new LeaseHolder("test", Policy);
        for (var i = 0; i < calls; i++)
        {
            Assert.Null(holder.TryAllow($"warm-{i}", each, Limits, Limits.Hard, Now));
        }

        return holder;
    }

    private LeaseGrant Renew(LeaseHolder holder, DateTimeOffset at, int demand = 0)
    {
        for (var i = 0; i < demand; i++)
        {
            // Calls between renewals (decided from the lease or not, they count toward the next size).
            holder.TryAllow($"demand-{at.Ticks}-{i}", 0.5m, Limits, Limits.Hard, at);
        }

        var request = holder.NextRequest(at, Limits) ?? throw new InvalidOperationException("The holder had nothing to ask.");
        var grant = LeaseRules.Apply(_ledger, _book, request, Limits, Policy, at, Hold);
        holder.Confirm(request, grant, at);
        return grant;
    }
}
