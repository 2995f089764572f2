using AiBudgetBot.Admin;
using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Storage;
using AiBudgetBot.Storage.Directory;
using Azure;
using Azure.Data.Tables;

namespace AiBudgetBot.Chat;

/// <summary>
/// Remembers a platform id found by email on the person's row, read-modify-write under the row's
/// ETag: two instances linking the same person at once end with one record, written once and
/// audited once (the second finds the link already there).
/// </summary>
public sealed class PersonLinks(Tables tables, DirectoryStore directory, AuditLog audit, ILogger<PersonLinks> logger)
{
    public const string Actor = "chat:first-contact";

    /// <returns>The person as stored after the link, or null when the row is gone or already holds another id for this platform.</returns>
    public Task<Person?> LinkAsync(string personId, string platform, string platformUserId, CancellationToken cancellationToken) =>
        LinkAsync(personId, platform, platformUserId, Actor, cancellationToken);

    /// <param name="actor">Who learned the id, for the audit trail (first contact, roster sync).</param>
    public async Task<Person?> LinkAsync(string personId, string platform, string platformUserId, string actor, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.People, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(DirectoryMapper.TeamPartition, personId.ToLowerInvariant(), cancellationToken: cancellationToken);
            if (!row.HasValue || row.Value is not { } stored)
            {
                return null;
            }

            var before = DirectoryMapper.ToPerson(stored);
            var current = platform == ChatChannels.TeamsPlatform ? before.TeamsAadObjectId : before.SlackUserId;
            if (string.Equals(current, platformUserId, StringComparison.OrdinalIgnoreCase))
            {
                return before;
            }

            if (!string.IsNullOrEmpty(current))
            {
                // The row names another account for this platform: an admin's word beats an email match.
                logger.LogWarning("Person {Person} already has {Platform} id {Current}; not linking {New}", personId, platform, current, platformUserId);
                return null;
            }

            var after = platform == ChatChannels.TeamsPlatform
                ? before with { TeamsAadObjectId = platformUserId }
                : before with { SlackUserId = platformUserId };
            try
            {
                await table.UpdateEntityAsync(DirectoryMapper.FromPerson(after), stored.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
                // Another instance wrote the row first (most likely this very link): read theirs.
                continue;
            }

            directory.Invalidate();
            await audit.RecordAsync(null, actor, "person.link", before, after, cancellationToken);
            return after;
        }
    }
}
