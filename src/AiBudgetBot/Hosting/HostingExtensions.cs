using Microsoft.Extensions.Options;

namespace AiBudgetBot.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddOrganization(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrganizationOptions>()
            .BindConfiguration(OrganizationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        return app;
    }
}
