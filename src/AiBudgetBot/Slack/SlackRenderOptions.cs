using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>
/// What <see cref="BlockKitRenderer"/> needs to draw charts while staying pure: whether to use
/// Slack's native chart block, and the files the charts were already uploaded as (by
/// <see cref="SlackMessageComposer"/>, before rendering). A chart with neither lists its numbers.
/// </summary>
public sealed record SlackRenderOptions(bool NativeCharts, IReadOnlyDictionary<ChartBlock, string> ChartFiles)
{
    public static readonly SlackRenderOptions None = new(false, new Dictionary<ChartBlock, string>(ReferenceEqualityComparer.Instance));
}
