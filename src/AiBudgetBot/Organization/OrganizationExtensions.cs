namespace AiBudgetBot.Organization;

public static class OrganizationExtensions
{
    /// <summary>The organization's zone and currency, and the clock every rule reads time from.</summary>
    public static WebApplicationBuilder AddOrganization(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrganizationOptions>()
            .BindConfiguration(OrganizationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
