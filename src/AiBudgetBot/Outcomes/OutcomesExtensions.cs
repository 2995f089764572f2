using AiBudgetBot.Chat;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Outcomes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using AiBudgetBot.Scheduling;

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
        services.AddScheduledJob<OutcomeNudgeJob>(OutcomeNudgeJob.JobName);
        return builder;
    }
}
