using System.Diagnostics;

namespace AiBudgetBot.Telemetry;

/// <summary>
/// The bot's own spans (ingest, authorize, job runs, outbox delivery), beside ASP.NET Core's
/// request spans. An <see cref="ActivitySource"/> costs nothing while no exporter listens.
/// </summary>
public static class BotActivities
{
    public const string SourceName = "AiBudgetBot";

    public static readonly ActivitySource Source = new(SourceName);
}
