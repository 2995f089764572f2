namespace AiBudgetBot.Admin;

public static class AdminExtensions
{
    /// <summary>The admin service (teams, pools, people, prices) and the audit trail every change is written to.</summary>
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<PeopleImport>();
        builder.Services.AddSingleton<BudgetAdmin>();
        return builder;
    }
}
