using System.ComponentModel.DataAnnotations;

namespace AiBudgetBot.Storage;

/// <summary>The <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required(ErrorMessage = "Storage:ConnectionString is required (UseDevelopmentStorage=true for Azurite).")]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prefix of every table name, so several deployments or test runs share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,40}$", ErrorMessage = "Storage:TablePrefix must start with a letter and hold only letters and digits (at most 41).")]
    public string TablePrefix { get; set; } = "aibudget";

    /// <summary>How long a pool-period's writer stays in memory without work before it retires.</summary>
    [Range(1, 3600, ErrorMessage = "Storage:WriterIdleSeconds must be between 1 and 3600.")]
    public int WriterIdleSeconds { get; set; } = 60;

    /// <summary>
    /// The longest a request waits on the store before it answers 503: each store call (the SDK's
    /// tries included) and each wait for a ledger commit. A dead or frozen store costs this, not a hang.
    /// </summary>
    [Range(1, 120, ErrorMessage = "Storage:TimeoutSeconds must be between 1 and 120.")]
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
