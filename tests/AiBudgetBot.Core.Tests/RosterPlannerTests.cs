using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Pricing;
using AiBudgetBot.Core.Roster;

namespace AiBudgetBot.Core.Tests;

public sealed class RosterPlannerTests
{
    private static readonly Team Marketing = new("marketing", "Marketing", ["dana"], ["alice"], TeamChannels.None, null, [])
    {
        MembersFrom = MembersFrom.Channel,
        MembersNamedBy = MemberSources.Policy,
    };

    private static readonly BudgetDirectory Directory = new(
        [Marketing],
        [],
        [
            new Person("dana", "Dana", "dana@contoso.com", "aad-dana", "U0DANA", []),
            new Person("alice", "Alice", "alice@contoso.com", null, "U0ALICE", []),
            new Person("bea", "Bea", "Bea.Lin@Contoso.com", null, null, []),
            new Person("twin1", "Twin", "twin@contoso.com", null, null, []),
            new Person("twin2", "Twin", "TWIN@contoso.com", null, null, []),
        ],
        PriceCatalog.Empty);

    [Fact]
    public void Plan_MatchesByIdThenEmailCaseInsensitively_NeverAddsOwners_AndLinksOnlyMissingIds()
    {
        var plan = RosterPlanner.Plan(Marketing, Directory,
        [
            new RosterEntry(RosterPlatform.Slack, "U0DANA", null),
            new RosterEntry(RosterPlatform.Slack, "U0ALICE", null),
            new RosterEntry(RosterPlatform.Slack, "U0BEA", "bea.lin@contoso.com"),
            new RosterEntry(RosterPlatform.Teams, "aad-bea", "BEA.LIN@CONTOSO.COM"),
            new RosterEntry(RosterPlatform.Teams, "aad-alice", "alice@contoso.com"),
            new RosterEntry(RosterPlatform.Slack, "U0ZED", "zed@elsewhere.example"),
        ]);

        Assert.Equal(["alice", "bea"], plan.ChannelMembers);
        Assert.Equal(
            [new RosterLink("bea", RosterPlatform.Slack, "U0BEA"), new RosterLink("bea", RosterPlatform.Teams, "aad-bea"), new RosterLink("alice", RosterPlatform.Teams, "aad-alice")],
            plan.Links);
        Assert.Equal(1, plan.UnmatchedCount);
        Assert.Equal(["zed@elsewhere.example"], plan.UnmatchedEmails);
    }

    [Fact]
    public void Plan_AnEmailTwoPeopleShare_MatchesNobody()
    {
        var plan = RosterPlanner.Plan(Marketing, Directory, [new RosterEntry(RosterPlatform.Slack, "U0TWIN", "twin@contoso.com")]);

        Assert.Empty(plan.ChannelMembers);
        Assert.Empty(plan.Links);
        Assert.Equal(["twin@contoso.com"], plan.UnmatchedEmails);
    }

    [Fact]
    public void ApplyTo_ReplacesOnlyTheChannelPart_AndIsNullWhenNothingChanges()
    {
        var synced = Marketing with { ChannelMembers = ["bea", "carl"] };
        var plan = new RosterPlan(["bea"], [], 0, []);

        var after = plan.ApplyTo(synced)!;

        Assert.Equal(["bea"], after.ChannelMembers);
        Assert.Equal(["alice"], after.Members);
        Assert.Equal(["dana"], after.Owners);
        Assert.Null(plan.ApplyTo(after));
        Assert.Null(plan.ApplyTo(synced with { MembersFrom = MembersFrom.Explicit }));
        Assert.Null(plan.ApplyTo(null));
        var change = MembershipChange.Between(synced, after);
        Assert.Empty(change.Added);
        Assert.Equal(["carl"], change.Removed);
    }

    [Fact]
    public void ApplyTo_AnOwnerNamedSinceTheRead_StaysAnOwnerNotAChannelMember()
    {
        var plan = new RosterPlan(["bea", "carl"], [], 0, []);

        var after = plan.ApplyTo(Marketing with { Owners = ["dana", "carl"] })!;

        Assert.Equal(["bea"], after.ChannelMembers);
    }

    [Fact]
    public void Membership_CountsChannelMembersOnlyWhileTheTeamTakesThem()
    {
        var synced = Marketing with { ChannelMembers = ["bea", "alice"] };

        Assert.True(synced.IsMember("bea"));
        Assert.Equal(["dana", "alice", "bea"], synced.AllMembers);
        Assert.False((synced with { MembersFrom = MembersFrom.Explicit }).IsMember("bea"));
        var sources = MemberSources.Of(synced);
        Assert.Equal(["policy"], sources["dana"]);
        Assert.Equal(["policy", "channel"], sources["alice"]);
        Assert.Equal(["channel"], sources["bea"]);
    }
}
