using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Organization;

namespace AiBudgetBot.Slack;

/// <summary>
/// The <c>Slack</c> section. Slack is off while <see cref="BotToken"/> is empty; once a token is
/// set, an empty signing secret stops the bot at start (unlike SlackNet, we never "accept all").
/// </summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "Slack";

    public string BotToken { get; set; } = "";

    public string SigningSecret { get; set; } = "";

    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>The bot's own user id (U…), used to strip its mention and ignore its own messages. Optional: events also carry it.</summary>
    public string? BotUserId { get; set; }

    /// <summary>chat.postMessage allows about one message a second per channel; we pace ourselves rather than collect 429s.</summary>
    [Range(0.1, 100, ErrorMessage = "Slack:MessagesPerSecondPerChannel must be between 0.1 and 100.")]
    public double MessagesPerSecondPerChannel { get; set; } = 1;

    /// <summary>Attempts per Web API call when Slack answers 429 (each waits Retry-After).</summary>
    [Range(1, 10, ErrorMessage = "Slack:MaxAttempts must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Longest Retry-After we sit out inside one call; a longer one is handed back to the caller.</summary>
    [Range(1, 600, ErrorMessage = "Slack:MaxRetryAfterSeconds must be between 1 and 600.")]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>
    /// How long a slash command waits for the answer before acking with "working on it".
    /// Slack gives up after 3 s, so this stays well under that.
    /// </summary>
    [Range(0, 2500, ErrorMessage = "Slack:CommandInlineWaitMilliseconds must be between 0 and 2500.")]
    public int CommandInlineWaitMilliseconds { get; set; } = 2000;

    /// <summary>Largest request body we read before verifying the signature (Slack's payloads are a few KB).</summary>
    [Range(1024, 10 * 1024 * 1024, ErrorMessage = "Slack:MaxRequestBytes must be between 1024 and 10485760.")]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Pending background jobs (late answers, card updates); beyond this new work is dropped and logged.</summary>
    [Range(1, 100_000, ErrorMessage = "Slack:QueueCapacity must be between 1 and 100000.")]
    public int QueueCapacity { get; set; } = 1000;

    [Range(1, 64, ErrorMessage = "Slack:Workers must be between 1 and 64.")]
    public int Workers { get; set; } = 4;

    /// <summary>
    /// Charts as Slack's native <c>data_visualization</c> block instead of an uploaded PNG. Off by
    /// default while Slack rolls the block out (some workspaces answer invalid_blocks).
    /// </summary>
    public bool NativeCharts { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(BotToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEnabled && string.IsNullOrWhiteSpace(SigningSecret))
        {
            yield return new ValidationResult(
                "Slack:SigningSecret is required when Slack:BotToken is set (without it nobody can tell Slack's requests from forgeries).",
                [nameof(SigningSecret)]);
        }

        if (!OutboundUrl.IsAllowed(ApiBaseUrl))
        {
            yield return new ValidationResult("Slack:ApiBaseUrl must be https:// (plain http only on loopback).", [nameof(ApiBaseUrl)]);
        }
    }
}
