using AiBudgetBot.Admin;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Requests;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Approvals;

/// <summary>
/// One pass of the <c>override-expiry</c> job: approved overrides past their end are revoked
/// from the ledger and marked expired; pending requests past their deadline expire; approvals
/// whose effect is still owed (next-period increases, an interrupted apply) are carried out.
/// Each change is ETag-conditioned, so two instances running at once change each row once.
/// </summary>
public sealed class RequestExpiry(
    RequestStore store,
    RequestEffects effects,
    RequestNotifier notifier,
    DirectoryStore directoryStore,
    AuditLog audit,
    IOptions<OrganizationOptions> organization,
    TimeProvider time)
{
    public async Task<ExpiryRun> RunAsync(CancellationToken cancellationToken)
    {
        var directory = await directoryStore.CurrentAsync(cancellationToken);
        var now = time.GetUtcNow();
        int expired = 0, revoked = 0, applied = 0;
        foreach (var (request, etag) in await store.OpenAsync(cancellationToken))
        {
            if (directory.FindTeam(request.TeamId) is not { } team)
            {
                continue;
            }

            if (RequestTransitions.Expire(request, now).Request is { } ended)
            {
                var wasOverride = request.State == RequestState.Approved;
                if (wasOverride)
                {
                    await effects.RevokeAsync(request, team, directory, cancellationToken);
                }

                if (await store.TryReplaceAsync(ended, etag, cancellationToken) is null)
                {
                    continue; // Another instance got there first.
                }

                await audit.RecordAsync(team.Id, "job:override-expiry", "request.expire", request, ended, cancellationToken);
                await notifier.SendAsync(RequestNotifier.DecisionKind, "expired", ended, RequestCards.ForRequester(ended, team, directory, organization.Value.Currency), cancellationToken);
                if (wasOverride)
                {
                    revoked++;
                }
                else
                {
                    expired++;
                }

                continue;
            }

            if (request is { State: RequestState.Approved, AppliedAt: null })
            {
                var result = await effects.ApplyAsync(request, team, directory, cancellationToken);
                if (result.Applied && await store.TryReplaceAsync(request with { AppliedAt = now }, etag, cancellationToken) is not null)
                {
                    await audit.RecordAsync(team.Id, "job:override-expiry", "request.apply", request, request with { AppliedAt = now }, cancellationToken);
                    applied++;
                }
            }
        }

        return new ExpiryRun(expired, revoked, applied);
    }
}

/// <summary>What one expiry pass did.</summary>
public sealed record ExpiryRun(int ExpiredRequests, int RevokedOverrides, int AppliedApprovals);
