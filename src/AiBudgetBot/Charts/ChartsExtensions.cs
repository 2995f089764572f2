using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiBudgetBot.Charts;

public static class ChartsExtensions
{
    /// <summary>Chart links (signed under <c>Organization:PublicBaseUrl</c>); the painter is static.</summary>
    /// <remarks>Idempotent: the channels that draw charts call it too, so a host with only Teams or Slack has links.</remarks>
    public static WebApplicationBuilder AddCharts(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(ChartLinks)))
        {
            return builder;
        }

        builder.Services.AddOptions<ChartsOptions>()
            .BindConfiguration(ChartsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ChartLinks>();
        return builder;
    }
}
