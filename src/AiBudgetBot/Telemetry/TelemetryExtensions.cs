using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiBudgetBot.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The standard variable that turns OTLP export on (with its siblings for protocol, headers and intervals).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The bot's instruments, always (recording into nothing costs next to nothing); the
    /// OpenTelemetry SDK only when something will read it: OTLP export when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the Prometheus exporter when
    /// <c>Telemetry:Prometheus</c> is true.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddSingleton<BotMetrics>();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        var prometheus = builder.Configuration.GetValue<bool>($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.Prometheus)}");
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]);
        if (!prometheus && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "aibudgetbot"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BotMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Spans go nowhere without OTLP, so tracing is only set up with it. Probes and scrapes are not traced.
            telemetry.WithTracing(tracing => tracing
                .AddSource(BotActivities.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path)));
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c> in Prometheus text format, only when <c>Telemetry:Prometheus</c> is true (otherwise 404).</summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint();
        }

        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
