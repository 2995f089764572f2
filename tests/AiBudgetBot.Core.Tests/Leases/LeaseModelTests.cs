using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AiBudgetBot.Core.Tests.Leases;

/// <summary>
/// The lease protocol against its model (issue 14): three instances with their own clocks over
/// a partition with real ETag semantics; lost replies, writes that never land, 412s, crashes,
/// restarts, pauses longer than the TTL, decisions made on a stale clock, limit changes and
/// usage below the estimate. After every step: total allowed ≤ the limit; the durable
/// invariant on every committed version; the local invariant per instance; stranded money
/// within its bound; no hold without an open call; a denial that only leases explain recalls
/// them; and at the end, once instances return and dead leases expire, no lease remains and
/// the free money is allowed.
/// </summary>
public sealed class LeaseModelTests
{
    public const int Cases = 1000;

    [Property(MaxTest = Cases)]
    public Property EveryInterleaving_KeepsTheLimitAndTheInvariants() =>
        Prop.ForAll(Runs().ToArbitrary(), run =>
        {
            var failure = new LeaseSimulation(run.Scale, run.SpentPercent).Run(run.Steps);
            return failure is null ? true.ToProperty() : false.Label(failure);
        });

    /// <summary>Mostly authorizes and renewals, so leases are granted, drained, topped up and recalled within a run.</summary>
    [Property(MaxTest = Cases / 2)]
    public Property BusyPools_KeepTheLimitAndTheInvariants() =>
        Prop.ForAll(Runs(Mix.Busy).ToArbitrary(), run =>
        {
            var failure = new LeaseSimulation(run.Scale, run.SpentPercent).Run(run.Steps);
            return failure is null ? true.ToProperty() : false.Label(failure);
        });

    /// <summary>Limits moved around what is committed while instances are busy: leases must shrink to nothing and stay exact.</summary>
    [Property(MaxTest = Cases / 2)]
    public Property NearTheLimit_LeasesShrinkAndTheLimitHolds() =>
        Prop.ForAll(Runs(Mix.NearTheLimit).ToArbitrary(), run =>
        {
            var failure = new LeaseSimulation(run.Scale, run.SpentPercent).Run(run.Steps);
            return failure is null ? true.ToProperty() : false.Label(failure);
        });

    [Fact]
    public void ALongRun_UsesLeasesAndStaysExact()
    {
        var random = new Random(14);
        var acts = Enum.GetValues<Act>();
        var steps = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var roll = random.Next(100);
            var act = roll switch
            {
                < 45 => Act.Authorize,
                < 70 => Act.Renew,
                < 85 => Act.Settle,
                < 93 => Act.Advance,
                _ => acts[random.Next(acts.Length)],
            };
            return new Step(act, random.Next(3), random.Next(1000), random.Next(1000), random.Next(20));
        }).ToList();

        var simulation = new LeaseSimulation(scale: 100m);
        var failure = simulation.Run(steps);

        Assert.Null(failure);
        // The run must exercise both paths and the write-off, or it proves little.
        Assert.True(simulation.LeaseDecisions > 500, $"only {simulation.LeaseDecisions} decisions from leases");
        Assert.True(simulation.PerCallDecisions > 100, $"only {simulation.PerCallDecisions} per-call decisions");
        Assert.True(simulation.WriteOffs > 0, "no lease was written off");
    }

    /// <summary>
    /// With ample headroom nearly every decision is made in memory: a renewal every couple of
    /// seconds per instance is all the store sees (the point of leases).
    /// </summary>
    [Fact]
    public void WithAmpleHeadroom_NearlyEveryDecisionComesFromALease()
    {
        var random = new Random(7);
        var steps = new List<Step>();
        for (var second = 0; second < 600; second++)
        {
            // Ten calls a second on each of three instances, each renewing once a second, usage reported as it comes.
            for (var call = 0; call < 30; call++)
            {
                steps.Add(new Step(Act.Authorize, call % 3, random.Next(100, 300), 0, 10));
                steps.Add(new Step(Act.Settle, 0, random.Next(1000), random.Next(1000), 10));
            }

            steps.AddRange(Enumerable.Range(0, 3).Select(node => new Step(Act.Renew, node, 0, 0, 10)));
            steps.Add(new Step(Act.Advance, 0, 1, 1, 10));
        }

        var simulation = new LeaseSimulation(scale: 1000m);

        Assert.Null(simulation.Run(steps));
        var decisions = simulation.LeaseDecisions + simulation.PerCallDecisions;
        Assert.True(simulation.LeaseDecisions >= decisions * 0.95, $"{simulation.LeaseDecisions} of {decisions} from leases");
        Assert.True(simulation.DecisionWrites <= decisions / 5, $"{simulation.DecisionWrites} store writes for {decisions} decisions");
    }

    /// <summary>The generated runs exercise what they claim to: leases, the per-call path, write-offs.</summary>
    [Fact]
    public void GeneratedRuns_ExerciseLeasesThePerCallPathAndWriteOffs()
    {
        var runs = Runs().Sample(100).Concat(Runs(Mix.NearTheLimit).Sample(100)).ToList();
        var simulations = runs.Select(run => (Run: run, Simulation: new LeaseSimulation(run.Scale, run.SpentPercent))).ToList();
        foreach (var (run, simulation) in simulations)
        {
            Assert.Null(simulation.Run(run.Steps));
        }

        var leased = simulations.Sum(s => s.Simulation.LeaseDecisions);
        var perCall = simulations.Sum(s => s.Simulation.PerCallDecisions);
        var tight = simulations.Sum(s => s.Simulation.TightGrants);
        var writtenOff = simulations.Count(s => s.Simulation.WriteOffs > 0);
        var summary = $"{leased} from leases, {perCall} per call, {tight} grants with less than a maximum lease left, {writtenOff} runs with a write-off";
        Assert.True(leased > 300 && perCall > 1000 && tight > 20 && writtenOff > 10, summary);
    }

    private static Gen<Run> Runs(Mix mix = Mix.Any) =>
        from scale in mix == Mix.NearTheLimit ? Gen.Elements(10m, 100m) : Gen.Elements(1m, 1m, 10m, 100m)
        from spent in mix == Mix.NearTheLimit ? Gen.Choose(85, 99) : Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(0, 99)))
        from length in Gen.Choose(20, 300)
        from steps in Steps(mix).ArrayOf(length)
        select new Run(scale, spent, steps);

    internal sealed record Run(decimal Scale, int SpentPercent, Step[] Steps)
    {
        public override string ToString() => $"scale {Scale}, {SpentPercent} % spent: {string.Join(", ", Steps.Select(s => s.ToString()))}";
    }

    internal enum Mix
    {
        Any,
        Busy,
        NearTheLimit,
    }

    private static Gen<Step> Steps(Mix mix)
    {
        var acts = mix switch
        {
            Mix.Busy => Gen.Frequency((8, Gen.Constant(Act.Authorize)), (5, Gen.Constant(Act.Renew)), (2, Gen.Constant(Act.Settle)), (2, Gen.Constant(Act.Advance)), (1, Gen.Elements(Enum.GetValues<Act>()))),
            Mix.NearTheLimit => Gen.Frequency((8, Gen.Constant(Act.Authorize)), (6, Gen.Constant(Act.Renew)), (2, Gen.Constant(Act.Settle)), (1, Gen.Constant(Act.Advance)), (1, Gen.Constant(Act.LimitChange)), (1, Gen.Elements(Enum.GetValues<Act>()))),
            _ => Gen.Frequency((4, Gen.Constant(Act.Authorize)), (3, Gen.Constant(Act.Renew)), (2, Gen.Constant(Act.Settle)), (2, Gen.Constant(Act.Advance)), (2, Gen.Elements(Enum.GetValues<Act>()))),
        };
        return from act in acts
               from node in Gen.Choose(0, 2)
               from cents in Gen.Choose(0, 999)
               from pick in Gen.Choose(0, 999)
               from fault in Gen.Choose(0, 19)
               select new Step(act, node, cents, pick, fault);
    }
}
