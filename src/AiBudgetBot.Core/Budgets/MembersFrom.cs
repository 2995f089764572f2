namespace AiBudgetBot.Core.Budgets;

/// <summary>Where a team's members come from (the team's <c>membersFrom</c> setting).</summary>
public enum MembersFrom
{
    /// <summary>Only the people the policy file or the admin API names.</summary>
    Explicit,

    /// <summary>Those named, plus the members of the team's linked Teams and Slack channels, matched by email.</summary>
    Channel,
}
