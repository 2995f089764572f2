using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Storage;

/// <summary>
/// The bot's tables, each named <c>{TablePrefix}{name}</c>. Tables are created on first use,
/// once per process.
/// </summary>
public sealed class Tables(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string Ledger = "ledger";
    public const string Teams = "teams";
    public const string Pools = "pools";
    public const string People = "people";
    public const string Prices = "prices";
    public const string Audit = "audit";
    public const string Requests = "requests";
    public const string Markers = "markers";
    public const string Conversations = "conversations";
    public const string Outcomes = "outcomes";
    public const string Billed = "billed";

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _clients = new();

    public TableServiceClient Service => service;

    public string NameOf(string table) => options.Value.TablePrefix + table;

    public Task<TableClient> GetAsync(string table, CancellationToken cancellationToken = default) =>
        _clients.GetOrAdd(table, name => new Lazy<Task<TableClient>>(() => CreateAsync(name, cancellationToken))).Value;

    private async Task<TableClient> CreateAsync(string table, CancellationToken cancellationToken)
    {
        var client = service.GetTableClient(NameOf(table));
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken);
        }
        catch
        {
            // Forget the failure so the next call tries again (the store may be back).
            _clients.TryRemove(table, out _);
            throw;
        }

        return client;
    }
}
