using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Teams;

/// <summary>Per-send extras of a card: who gets a personalised refresh, and a note only the clicker sees.</summary>
/// <param name="RefreshUserIds">Teams user ids (29:… or aadObjectId) shown a refreshed card; at most 60 are kept.</param>
/// <param name="RefreshSubjectId">What the refresh is about (the request id), sent back with verb "refresh".</param>
/// <param name="Note">A line added under the heading, e.g. the private note of an Action.Execute answer.</param>
public sealed record CardRenderOptions(IReadOnlyList<string>? RefreshUserIds = null, string? RefreshSubjectId = null, string? Note = null)
{
    public static readonly CardRenderOptions None = new();

    /// <summary>
    /// The picture of a chart (a signed link), for clients that cannot draw Teams' chart elements;
    /// null, or a function answering null, and the fallback lists the numbers instead.
    /// </summary>
    public Func<ChartBlock, Uri?>? ChartImage { get; init; }
}
