namespace AiBudgetBot.Storage.Billing;

/// <summary>
/// One line of spend as the provider or the bill states it (a cost bucket line, a FOCUS row):
/// what reconciliation compares tracked spend with.
/// </summary>
/// <param name="LineId">Stable id at its source (the usage id it books under in ingest mode).</param>
/// <param name="Provider">openai, anthropic, or a FOCUS ProviderName in lower case.</param>
/// <param name="Month">The organization's month the line falls in (yyyy-MM).</param>
/// <param name="Team">Our team, when the source's project, workspace or tag maps to one.</param>
/// <param name="Project">The source's own grouping (project, workspace, sub-account), for the unmapped report.</param>
/// <param name="BookedMicros">What the ledger holds for this line (ingest mode); null when not counted.</param>
/// <param name="PendingMicros">A booking to this amount was started and may not have finished (written
/// ahead, so a crash between counting and recording it is finished, not counted again).</param>
public sealed record BilledLine(
    string LineId,
    string Provider,
    string Month,
    DateTimeOffset Start,
    string? Team,
    string? Project,
    string? Model,
    long AmountMicros,
    string Source,
    long? BookedMicros,
    long? PendingMicros = null);
