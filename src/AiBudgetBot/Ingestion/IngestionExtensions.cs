using AiBudgetBot.Admin;
using AiBudgetBot.Api;
using AiBudgetBot.Policy;

namespace AiBudgetBot.Ingestion;

public static class IngestionExtensions
{
    /// <summary>Usage counting, status, the admin service and the policy file.</summary>
    public static WebApplicationBuilder AddBudgets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .Validate(o => o.ApiKeys.All(k => k.Name.Length > 0 && k.Key.Length >= 16), "Ingestion:ApiKeys: every entry needs a name and a key of at least 16 characters.")
            .Validate(o => o.ApiKeys.Select(k => k.Key).Distinct().Count() == o.ApiKeys.Count, "Ingestion:ApiKeys: two entries share a key; give each sender its own.")
            .ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.Section)
            .Validate(o => o.ApiKey.Length is 0 or >= 16, "Admin:ApiKey must be at least 16 characters (or empty to turn the admin API off).")
            .ValidateOnStart();
        builder.Services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section);
        builder.Services.AddSingleton<UsageIngestion>();
        builder.Services.AddSingleton<BudgetStatus>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<BudgetAdmin>();
        builder.Services.AddHostedService<PolicyFileApplier>();
        return builder;
    }
}
