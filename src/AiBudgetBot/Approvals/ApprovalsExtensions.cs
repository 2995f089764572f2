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

    /// <summary><c>POST /api/v1/teams/{teamId}/onboarding/invite</c>: send the team's owners the framework to accept.</summary>
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(new Api.ApiKeyFilter(Api.ApiScope.Admin));
        api.MapPost("/teams/{teamId}/onboarding/invite", async (string teamId, OnboardingService onboarding, HttpContext http, CancellationToken ct) =>
            await onboarding.InviteAsync(teamId, Api.AdminApi.Caller(http), ct) switch
            {
                { NotFound: true } r => Api.Problems.NotFound(r.Errors[0]),
                { Succeeded: false } r => Api.Problems.Invalid(r.Errors),
                var r => Results.Ok(r.Value),
            });
        return app;
    }
}
