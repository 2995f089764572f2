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
            var failure = new LeaseSimulation(run.Scale).Run(run.Steps);
            return failure is null ? true.ToProperty() : false.Label(failure);
        });

    /// <summary>Mostly authorizes and renewals, so leases are granted, drained, topped up and recalled within a run.</summary>
    [Property(MaxTest = Cases / 2)]
    public Property BusyPools_KeepTheLimitAndTheInvariants() =>
        Prop.ForAll(Runs(busy: true).ToArbitrary(), run =>
        {
            var failure = new LeaseSimulation(run.Scale).Run(run.Steps);
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
        Assert.True(simulation.LeaseDecisions > 1000, $"only {simulation.LeaseDecisions} decisions from leases");
        Assert.True(simulation.PerCallDecisions > 100, $"only {simulation.PerCallDecisions} per-call decisions");
        Assert.True(simulation.WriteOffs > 0, "no lease was written off");
    }

    /// <summary>The generated runs exercise what they claim to: leases, the per-call path, write-offs.</summary>
    [Fact]
    public void GeneratedRuns_ExerciseLeasesThePerCallPathAndWriteOffs()
    {
        var runs = Runs().Sample(200);
        var simulations = runs.Select(run => (Run: run, Simulation: new LeaseSimulation(run.Scale))).ToList();
        foreach (var (run, simulation) in simulations)
        {
            Assert.Null(simulation.Run(run.Steps));
        }

        Assert.True(simulations.Sum(s => s.Simulation.LeaseDecisions) > 1000, $"{simulations.Sum(s => s.Simulation.LeaseDecisions)} decisions from leases");
        Assert.True(simulations.Sum(s => s.Simulation.PerCallDecisions) > 2000, $"{simulations.Sum(s => s.Simulation.PerCallDecisions)} per call");
        Assert.True(simulations.Count(s => s.Simulation.WriteOffs > 0) > 10, $"{simulations.Count(s => s.Simulation.WriteOffs > 0)} runs wrote a lease off");
    }

    private static Gen<Run> Runs(bool busy = false) =>
        from scale in Gen.Elements(1m, 1m, 10m, 100m)
        from length in Gen.Choose(20, 300)
        from steps in Steps(busy).ArrayOf(length)
        select new Run(scale, steps);

    internal sealed record Run(decimal Scale, Step[] Steps)
    {
        public override string ToString() => $"scale {Scale}: {string.Join(", ", Steps.Select(s => s.ToString()))}";
    }

    private static Gen<Step> Steps(bool busy)
    {
        var acts = busy
            ? Gen.Frequency((8, Gen.Constant(Act.Authorize)), (5, Gen.Constant(Act.Renew)), (2, Gen.Constant(Act.Settle)), (2, Gen.Constant(Act.Advance)), (1, Gen.Elements(Enum.GetValues<Act>())))
            : Gen.Frequency((4, Gen.Constant(Act.Authorize)), (3, Gen.Constant(Act.Renew)), (2, Gen.Constant(Act.Settle)), (2, Gen.Constant(Act.Advance)), (2, Gen.Elements(Enum.GetValues<Act>())));
        return from act in acts
               from node in Gen.Choose(0, 2)
               from cents in Gen.Choose(0, 999)
               from pick in Gen.Choose(0, 999)
               from fault in Gen.Choose(0, 19)
               select new Step(act, node, cents, pick, fault);
    }
}
