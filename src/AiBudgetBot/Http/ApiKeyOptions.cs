namespace AiBudgetBot.Http;

/// <summary>The <c>Ingestion</c> section: named keys of the gateways and exporters that send usage.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    public List<NamedApiKey> ApiKeys { get; set; } = [];
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
}
