using AiBudgetBot.Storage.Directory;
using AiBudgetBot.Storage.Ledger;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            if (services.GetService<HttpPipelineTransport>() is { } transport)
            {
                // Only tests register one: to reach a loopback https stand-in whose certificate they pin.
                client.Transport = transport;
            }

            return options.AccountUri is { } account
                ? new TableServiceClient(account, services.GetRequiredService<TokenCredential>(), client)
                : new TableServiceClient(options.EffectiveConnectionString, client);
        });
        // Managed identity in Azure, the developer's az/VS login locally; resolved only with Storage:AccountUri.
        builder.Services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        builder.Services.AddSingleton<Tables>();
        builder.Services.AddSingleton<DirectoryStore>();
        builder.Services.AddSingleton<LedgerWriter>();
        builder.Services.AddSingleton<Outbox.OutboxSignal>();
        builder.Services.AddSingleton<LedgerReader>();
        builder.Services.AddSingleton<Billing.BilledStore>();
        return builder;
    }
}
