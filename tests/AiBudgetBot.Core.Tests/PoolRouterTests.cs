using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Spend;

namespace AiBudgetBot.Core.Tests;

public sealed class PoolRouterTests
{
    private static readonly DateOnly Day = new(2026, 12, 10);

    private static readonly Pool Baseline = TestData.Pool("baseline");

    private static readonly Pool Launch = TestData.Pool(
        "launch", PoolKind.Project, start: new DateOnly(2026, 12, 1), end: new DateOnly(2026, 12, 31), workflows: ["campaign-gen"]);

    private static readonly Pool Sandbox = TestData.Pool("sandbox", PoolKind.Sandbox);

    [Fact]
    public void NamedPool_Wins_OverWorkflowRouting()
    {
        var (pool, error) = PoolRouter.Route([Baseline, Launch], "BASELINE", "campaign-gen", Day);
        Assert.Same(Baseline, pool);
        Assert.Null(error);
    }

    [Fact]
    public void NamedPool_Unknown_IsAnErrorNamingIt()
    {
        var (pool, error) = PoolRouter.Route([Baseline], "nope", null, Day);
        Assert.Null(pool);
        Assert.Equal("pool 'nope' does not exist for this team.", error);
    }

    [Fact]
    public void NamedPool_Inactive_IsAnErrorGivingItsDates()
    {
        var (pool, error) = PoolRouter.Route([Baseline, Launch], "launch", null, new DateOnly(2027, 1, 1));
        Assert.Null(pool);
        Assert.Equal("pool 'launch' is not active on 2027-01-01 (it runs 2026-12-01 to 2026-12-31).", error);
    }

    [Fact]
    public void NamedPool_NotYetStarted_WithOpenEnd_SaysOpenEnd()
    {
        var later = TestData.Pool("later", PoolKind.Project, start: new DateOnly(2027, 1, 1));
        var (_, error) = PoolRouter.Route([later], "later", null, Day);
        Assert.Equal("pool 'later' is not active on 2026-12-10 (it runs 2027-01-01 to open end).", error);
    }

    [Fact]
    public void Workflow_ListedByAnActiveProjectPool_RoutesThere()
    {
        var (pool, error) = PoolRouter.Route([Baseline, Launch], null, "Campaign-Gen", Day);
        Assert.Same(Launch, pool);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(2026, 11, 30)]
    [InlineData(2027, 1, 1)]
    public void Workflow_OfAProjectPoolOutsideItsDates_FallsBackToBaseline(int year, int month, int day)
    {
        var (pool, _) = PoolRouter.Route([Baseline, Launch], null, "campaign-gen", new DateOnly(year, month, day));
        Assert.Same(Baseline, pool);
    }

    [Fact]
    public void Workflow_OnItsProjectPoolsFirstAndLastDay_RoutesThere()
    {
        Assert.Same(Launch, PoolRouter.Route([Baseline, Launch], null, "campaign-gen", new DateOnly(2026, 12, 1)).Pool);
        Assert.Same(Launch, PoolRouter.Route([Baseline, Launch], null, "campaign-gen", new DateOnly(2026, 12, 31)).Pool);
    }

    [Fact]
    public void Workflow_ListedByTwoPools_GoesToTheFirstByIdWhateverTheListOrder()
    {
        var alpha = Launch with { Id = "alpha" };
        Assert.Same(alpha, PoolRouter.Route([Launch, alpha, Baseline], null, "campaign-gen", Day).Pool);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("unlisted")]
    public void NoPoolNorListedWorkflow_FallsBackToBaseline(string? workflow) =>
        Assert.Same(Baseline, PoolRouter.Route([Launch, Baseline, Sandbox], null, workflow, Day).Pool);

    [Fact]
    public void SandboxOnlyTeam_FallsBackToItsSandbox() =>
        Assert.Same(Sandbox, PoolRouter.Route([Sandbox], null, "anything", Day).Pool);

    [Fact]
    public void BaselineIsPreferredToSandbox_WhenATeamHasBoth() =>
        Assert.Same(Baseline, PoolRouter.Route([Sandbox, Baseline], null, null, Day).Pool);

    [Fact]
    public void NoActiveBaseline_IsAnErrorSayingHowToCreateOne()
    {
        var ended = TestData.Pool(end: new DateOnly(2026, 11, 30));
        var (pool, error) = PoolRouter.Route([ended, Launch], null, null, Day);
        Assert.Null(pool);
        Assert.Equal("the team has no baseline pool active on 2026-12-10; create one with PUT /api/v1/teams/{team}/pools/baseline.", error);
    }
}
