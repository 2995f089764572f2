namespace AiBudgetBot.Connectors;

/// <summary>The <c>Connectors</c> section: LiteLLM enforcement out, and the providers' cost APIs in.</summary>
public sealed class ConnectorsOptions
{
    public const string Section = "Connectors";

    public LiteLlmOptions LiteLlm { get; set; } = new();

    public OpenAiCostOptions OpenAI { get; set; } = new();

    public AnthropicCostOptions Anthropic { get; set; } = new();

    /// <summary>A provider's bucket counts as complete once its end is this many hours behind (later revisions are corrections).</summary>
    public int SettleHours { get; set; } = 6;
}

/// <summary><c>Connectors:LiteLlm</c>: block and unblock LiteLLM teams at our hard limits.</summary>
public sealed class LiteLlmOptions
{
    /// <summary>The LiteLLM proxy, e.g. https://litellm.contoso.com/.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>LiteLLM's master key (or an admin key allowed to call /team/block); never logged.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Whether the bot blocks and unblocks teams in LiteLLM.</summary>
    public bool Enforce { get; set; }

    /// <summary>Our team id → LiteLLM team id; a team not listed is the same id in LiteLLM.</summary>
    public Dictionary<string, string> Teams { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the teams' ledgers are compared with what LiteLLM was told.</summary>
    public int CheckSeconds { get; set; } = 15;

    public string LiteLlmTeamOf(string teamId) => Teams.TryGetValue(teamId, out var mapped) && mapped is { Length: > 0 } ? mapped : teamId;
}

/// <summary>What a provider's cost API is to the books.</summary>
public enum CostMode
{
    /// <summary>Compare only: a gateway already reports these calls.</summary>
    Reconcile,

    /// <summary>The provider is the source of spend: complete buckets become usage.</summary>
    Ingest,
}

/// <summary>A provider's Admin API for costs.</summary>
public abstract class CostApiOptions
{
    /// <summary>The organization's admin key; the poller is off without it. Never logged.</summary>
    public string? AdminKey { get; set; }

    public abstract string BaseUrl { get; set; }

    public CostMode Mode { get; set; } = CostMode.Reconcile;

    /// <summary>The provider's grouping (project, workspace) → our team.</summary>
    public abstract Dictionary<string, string> Mapping { get; }
}

/// <summary><c>Connectors:OpenAI</c>: the organization Costs API.</summary>
public sealed class OpenAiCostOptions : CostApiOptions
{
    public override string BaseUrl { get; set; } = "https://api.openai.com/v1/";

    /// <summary>OpenAI project id → our team.</summary>
    public Dictionary<string, string> Projects { get; set; } = new(StringComparer.Ordinal);

    public override Dictionary<string, string> Mapping => Projects;
}

/// <summary><c>Connectors:Anthropic</c>: the Admin API cost report.</summary>
public sealed class AnthropicCostOptions : CostApiOptions
{
    public override string BaseUrl { get; set; } = "https://api.anthropic.com/v1/";

    /// <summary>Anthropic workspace id → our team.</summary>
    public Dictionary<string, string> Workspaces { get; set; } = new(StringComparer.Ordinal);

    public override Dictionary<string, string> Mapping => Workspaces;
}
