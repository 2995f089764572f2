using AiBudgetBot.Core.Spend;
using AiBudgetBot.Organization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Storage.Ledger;

/// <summary>Reads pool-period ledgers as they are durably stored (what the bot shows in chat and on the status API).</summary>
public sealed class LedgerReader(Tables tables, IOptions<OrganizationOptions> organization)
{
    public async Task<LedgerState> ReadAsync(string teamId, string poolId, string period, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Tables.Ledger, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(LedgerKeys.Partition(teamId, poolId, period), LedgerKeys.LedgerRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? LedgerRowMapper.ToState(entity) : new LedgerState(organization.Value.Currency);
    }
}
