namespace AiBudgetBot.Core.Pricing;

/// <summary>Tokens of one model call.</summary>
/// <param name="Input">All input tokens, cached ones included (as OpenAI, Azure OpenAI and LiteLLM report them).</param>
/// <param name="CachedInput">The part of <paramref name="Input"/> served from the prompt cache.</param>
public readonly record struct TokenCounts(long Input, long Output, long CachedInput)
{
    public long UncachedInput => Input - CachedInput;

    public long Total => Input + Output;
}
