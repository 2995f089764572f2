using AiBudgetBot.Admin;
using AiBudgetBot.Outcomes;

namespace AiBudgetBot.Policy;

/// <summary>
/// A budget policy file (YAML or JSON): the organization's prices, people and teams with their
/// pools, kept in git and applied at start. Shapes are the admin API's.
/// </summary>
public sealed class PolicyDocument
{
    public List<PriceDto> Prices { get; set; } = [];

    public Dictionary<string, PersonDto> People { get; set; } = [];

    public Dictionary<string, PolicyTeam> Teams { get; set; } = [];
}

public sealed class PolicyTeam
{
    public string? Name { get; set; }

    public List<string>? Owners { get; set; }

    public List<string>? Members { get; set; }

    public ChannelsDto? Channels { get; set; }

    /// <summary><c>explicit</c> or <c>channel</c>: whether the linked channels' members are members too (TeamDto.MembersFrom).</summary>
    public string? MembersFrom { get; set; }

    public Dictionary<string, PoolDto> Pools { get; set; } = [];

    /// <summary>An acceptance of the financial framework made outside chat (a signed form).</summary>
    public OnboardingDto? Onboarding { get; set; }

    /// <summary>Outcomes kept in git (the POST /api/v1/outcomes shape; <c>team</c> is this team). Unchanged ones are not recorded again.</summary>
    public List<OutcomeDto> Outcomes { get; set; } = [];
}
