namespace AiBudgetBot.Policy;

public static class PolicyExtensions
{
    /// <summary>The policy file (<c>Policy:Path</c>), applied at start through the admin service.</summary>
    public static WebApplicationBuilder AddPolicy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section);
        builder.Services.AddHostedService<PolicyFileApplier>();
        return builder;
    }
}
