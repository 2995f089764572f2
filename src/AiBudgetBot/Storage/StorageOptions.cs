using System.ComponentModel.DataAnnotations;

namespace AiBudgetBot.Storage;

/// <summary>The <c>Storage</c> section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>An account key or SAS connection string; Azurite's when neither this nor <see cref="AccountUri"/> is set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The account's table endpoint (<c>https://&lt;account&gt;.table.core.windows.net</c>), reached with
    /// <c>DefaultAzureCredential</c> (managed identity in Azure): no storage key in the configuration.
    /// </summary>
    public Uri? AccountUri { get; set; }

    /// <summary>Prefix of every table name, so several deployments or test runs share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,40}$", ErrorMessage = "Storage:TablePrefix must start with a letter and hold only letters and digits (at most 41).")]
    public string TablePrefix { get; set; } = "aibudget";

    /// <summary>How long a pool-period's writer stays in memory without work before it retires.</summary>
    [Range(1, 3600, ErrorMessage = "Storage:WriterIdleSeconds must be between 1 and 3600.")]
    public int WriterIdleSeconds { get; set; } = 60;

    /// <summary>
    /// The longest one store call may take, the SDK's tries included. A call that uses it all is not
    /// tried again (the ledger writer gives up at once), so a dead or frozen store costs a request about
    /// one or two of these, then 503, not a hang. A queue of legitimate work is not cut short.
    /// </summary>
    [Range(1, 120, ErrorMessage = "Storage:TimeoutSeconds must be between 1 and 120.")]
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The connection string to use when no <see cref="AccountUri"/> is given.</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString) ? DevelopmentStorage : ConnectionString;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AccountUri is null)
        {
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Set exactly one of Storage:ConnectionString (a key) and Storage:AccountUri (managed identity), not both.");
        }

        if (!AccountUri.IsAbsoluteUri || AccountUri.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("Storage:AccountUri must be the account's https table endpoint, like https://<account>.table.core.windows.net (tokens are never sent over plain http).");
        }
    }
}
