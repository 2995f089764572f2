using AiBudgetBot.Chat;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Outcomes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace AiBudgetBot.Outcomes;

/// <summary>The outcomes area: <c>builder.AddOutcomes()</c> records outcomes, answers ROI, puts the verdict on the budget card and the expedited path into approvals.</summary>
public static class OutcomesExtensions
{
    public static WebApplicationBuilder AddOutcomes(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OutcomesOptions>()
            .BindConfiguration(OutcomesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<OutcomeStore>();
        services.AddSingleton<OutcomeNotifier>();
        services.AddSingleton<OutcomeService>();
        services.AddSingleton<TeamSpendReader>();
        services.AddSingleton<RoiService>();
        services.AddSingleton<ITeamRoi>(sp => sp.GetRequiredService<RoiService>());
        // Replaces the approvals area's fallback (NeverExpedite) whichever is added first.
        services.RemoveAll<IExpeditePolicy>();
        services.AddSingleton<IExpeditePolicy, RoiExpeditePolicy>();
        services.AddSingleton<OutcomeChatHandler>();
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<OutcomeChatHandler>());
        services.AddSingleton<IChatActionHandler>(sp => sp.GetRequiredService<OutcomeChatHandler>());
        services.AddSingleton<ITeamVerdicts, BudgetCardVerdicts>();
        services.AddSingleton<OutcomeNudges>();
        var zone = NudgeZone(builder.Configuration["Organization:TimeZone"]);
        services.AddQuartz(quartz => quartz.ScheduleJob<OutcomeNudgeJob>(
            trigger => trigger.WithIdentity(OutcomeNudgeJob.Name).WithCronSchedule(OutcomeNudgeJob.Cron, cron => cron.InTimeZone(zone)),
            job => job.WithIdentity(OutcomeNudgeJob.Name)));
        return builder;
    }

    // An unknown zone is reported by the organization's options validation at start, with its key.
    private static TimeZoneInfo NudgeZone(string? id)
    {
        try
        {
            return id is { Length: > 0 } ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
