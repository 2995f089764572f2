using AiBudgetBot.Admin;
using AiBudgetBot.Chat;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Storage.Requests;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiBudgetBot.Approvals;

/// <summary>The approvals area: <c>builder.AddApprovals()</c> turns chat's request words and buttons on.</summary>
public static class ApprovalsExtensions
{
    public static WebApplicationBuilder AddApprovals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApprovalsOptions>()
            .BindConfiguration(ApprovalsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RequestStore>();
        services.AddSingleton<RequestNotifier>();
        services.AddSingleton<RequestEvidenceReader>();
        services.AddSingleton<RequestEffects>();
        services.AddSingleton<RequestDecider>();
        services.AddSingleton<OnboardingService>();
        services.AddSingleton<RequestExpiry>();
        services.TryAddSingleton<IExpeditePolicy, NeverExpedite>();
        services.AddSingleton<IRequestCommands, RequestService>();
        return builder;
    }
}
