namespace AiBudgetBot.Core.Spend;

/// <summary>What one workflow, model, tier or user spent in a period, with the tokens behind it.</summary>
public sealed record SpendLine(decimal Cost, long Calls, long InputTokens, long OutputTokens)
{
    public static readonly SpendLine Empty = new(0m, 0, 0, 0);

    public decimal AverageInputTokens => Calls == 0 ? 0m : (decimal)InputTokens / Calls;

    public decimal AverageOutputTokens => Calls == 0 ? 0m : (decimal)OutputTokens / Calls;

    public SpendLine Add(decimal cost, long input, long output) =>
        new(Cost + cost, Calls + 1, InputTokens + input, OutputTokens + output);
}
