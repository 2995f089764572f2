namespace AiBudgetBot.Imports;

public static class ImportsExtensions
{
    /// <summary>Billing exports in: the FOCUS importer (API and command-line verb).</summary>
    public static WebApplicationBuilder AddImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportsOptions>()
            .BindConfiguration(ImportsOptions.Section)
            .Validate(o => o.Focus.CostColumn is FocusOptions.BilledCost or FocusOptions.EffectiveCost, "Imports:Focus:CostColumn must be BilledCost or EffectiveCost.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Focus.TeamTag), "Imports:Focus:TeamTag must name the tag that carries the team.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FocusImporter>();
        return builder;
    }
}
