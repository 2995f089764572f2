namespace AiBudgetBot.Usage;

public static class UsageExtensions
{
    /// <summary>Usage counting: events priced, routed and written to the ledger exactly once.</summary>
    public static WebApplicationBuilder AddUsage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageIngestion>();
        return builder;
    }
}
