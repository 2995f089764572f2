using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Storage;

public static class StorageExtensions
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var client = new TableClientOptions();
            // Fail fast and let the caller's own retry (the ledger writer's, the gateway's) decide:
            // the SDK's default waits up to ~30 s per try, far past any gateway timeout. The deadline
            // bounds all tries of a call together.
            client.Retry.MaxRetries = 2;
            client.Retry.Delay = TimeSpan.FromMilliseconds(100);
            client.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            client.Retry.Mode = RetryMode.Exponential;
            client.Retry.NetworkTimeout = options.Timeout;
            StoreDeadline.AddTo(client, options.Timeout);
            return new TableServiceClient(options.ConnectionString, client);
        });
        builder.Services.AddSingleton<Tables>();
        builder.Services.AddSingleton<DirectoryStore>();
        builder.Services.AddSingleton<LedgerWriter>();
        builder.Services.AddSingleton<Outbox.OutboxSignal>();
        builder.Services.AddSingleton<LedgerReader>();
        builder.Services.AddSingleton<Billing.BilledStore>();
        return builder;
    }
}
