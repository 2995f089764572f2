namespace AiBudgetBot.Status;

public static class StatusExtensions
{
    /// <summary>The status read model: each pool's spent, left and forecast, for the API and the budget card.</summary>
    public static WebApplicationBuilder AddStatus(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BudgetStatus>();
        return builder;
    }
}
