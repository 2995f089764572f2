using System.Globalization;
using AiBudgetBot.Scheduling;
using Quartz;

namespace AiBudgetBot.Connectors.Costs;

/// <summary>
/// A cost poller as a scheduled job: hourly at :17 UTC (not at start, so a restart loop does not
/// hammer the provider), one run per hour across instances (the slot is the hour), and runnable
/// now through <c>POST /api/v1/admin/jobs/{job}/run</c>.
/// </summary>
public abstract class CostPollJob(IServiceScopeFactory scopes) : IScheduledJob
{
    private const string SlotFormat = "yyyy-MM-dd'T'HH:mm";

    public abstract string Name { get; }

    public string Describe => $"hourly at :17 UTC ({CostJobs.Cron})";

    public TimeSpan History => TimeSpan.FromDays(2);

    public string SlotAt(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero).ToString(SlotFormat, CultureInfo.InvariantCulture);
    }

    public string? CheckPeriod(string period) =>
        DateTimeOffset.TryParseExact(period, SlotFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : $"period '{period}' is not valid for {Name}: use yyyy-MM-ddTHH:00 in UTC, or leave it out for now.";

    public DateTimeOffset? NextFireAfter(DateTimeOffset instant)
    {
        var hour = DateTimeOffset.ParseExact(SlotAt(instant), SlotFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var fire = hour.AddMinutes(17);
        return fire > instant ? fire : fire.AddHours(1);
    }

    /// <summary>Each run reads every bucket since the start of last month, so a missed hour needs no catch-up.</summary>
    public string? CatchUpSlot(DateTimeOffset now) => null;

    public void Schedule(ITriggerConfigurator<ScheduledJobAdapter> trigger) =>
        trigger.WithCronSchedule(CostJobs.Cron, cron => cron.InTimeZone(TimeZoneInfo.Utc));

    public async Task<JobOutcome> RunAsync(string slot, bool force, CancellationToken cancellationToken)
    {
        // A scope per run: the pollers' HTTP clients come fresh from the factory each time.
        using var scope = scopes.CreateScope();
        return new([], 0, await scope.ServiceProvider.GetRequiredService<CostJobs>().RunAsync(Name, cancellationToken));
    }
}

/// <summary><c>openai-costs</c>: OpenAI's organization Costs API.</summary>
public sealed class OpenAiCostsJob(IServiceScopeFactory scopes) : CostPollJob(scopes)
{
    public override string Name => CostJobs.OpenAiCosts;
}

/// <summary><c>anthropic-costs</c>: Anthropic's Admin API cost report.</summary>
public sealed class AnthropicCostsJob(IServiceScopeFactory scopes) : CostPollJob(scopes)
{
    public override string Name => CostJobs.AnthropicCosts;
}
