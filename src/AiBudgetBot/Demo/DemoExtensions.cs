namespace AiBudgetBot.Demo;

/// <summary>The demo area: <c>builder.AddDemo()</c>. The simulator runs only with <c>Demo:Simulate</c> on.</summary>
public static class DemoExtensions
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>()
            .BindConfiguration(DemoOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UsageSimulator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<UsageSimulator>());
        return builder;
    }
}
