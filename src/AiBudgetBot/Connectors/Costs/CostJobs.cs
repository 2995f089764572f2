using AiBudgetBot.Connectors.Reconciliation;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// The cost pollers as jobs (<c>openai-costs</c>, <c>anthropic-costs</c>): a poll, then a drift
/// check of the months it can have touched, so finance hears of drift as soon as the bill shows it.
/// </summary>
public sealed class CostJobs(
    CostPoller poller,
    OpenAiCostClient openAi,
    AnthropicCostClient anthropic,
    ReconciliationService reconciliation,
    IOptions<ConnectorsOptions> options,
    IOptions<OrganizationOptions> organization,
    TimeProvider time)
{
    public const string OpenAiCosts = "openai-costs";
    public const string AnthropicCosts = "anthropic-costs";

    /// <summary>When Quartz runs each poller: hourly at :17 UTC (buckets are daily; hourly keeps the drift check fresh).</summary>
    public const string Cron = "0 17 * * * ?";

    /// <returns>Null when <paramref name="job"/> is not a cost poller.</returns>
    public async Task<CostPollReport?> RunAsync(string job, CancellationToken cancellationToken)
    {
        CostPollReport report;
        switch (job)
        {
            case OpenAiCosts:
                report = await poller.PollAsync(openAi, options.Value.OpenAI, cancellationToken);
                break;
            case AnthropicCosts:
                report = await poller.PollAsync(anthropic, options.Value.Anthropic, cancellationToken);
                break;
            default:
                return null;
        }

        var calendar = organization.Value.Calendar();
        var today = calendar.LocalDate(time.GetUtcNow());
        var first = new DateOnly(today.Year, today.Month, 1);
        foreach (var month in new[] { first.AddMonths(-1), first })
        {
            if (await reconciliation.ReportAsync(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), cancellationToken) is { } monthReport)
            {
                await reconciliation.NotifyAsync(monthReport, cancellationToken);
            }
        }

        return report;
    }
}
