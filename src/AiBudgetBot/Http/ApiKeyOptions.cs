namespace AiBudgetBot.Http;

/// <summary>The <c>Ingestion</c> section: named keys of the gateways and exporters that send usage.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    public List<NamedApiKey> ApiKeys { get; set; } = [];

    /// <summary>Requests per second each key may send (a burst of one second's worth); 0 turns the limit off. Generous: a batch carries many events.</summary>
    public int RequestsPerSecond { get; set; } = 1000;
}

public sealed class NamedApiKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";
}

/// <summary>The <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string ApiKey { get; set; } = "";

    /// <summary>Requests per second the admin key may send (a burst of one second's worth); 0 turns the limit off.</summary>
    public int RequestsPerSecond { get; set; } = 100;
}
