namespace AiBudgetBot.Telemetry;

/// <summary>
/// The <c>Telemetry</c> section. OTLP export needs no setting here: it follows the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve <c>GET /metrics</c> for a Prometheus scraper. Off by default: it needs no key, so expose it only where the scraper is.</summary>
    public bool Prometheus { get; set; }
}
