using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Organization;

namespace AiBudgetBot.Teams;

/// <summary>
/// Turns a channel-neutral <see cref="OutgoingMessage"/> into an Adaptive Card 1.5 that a
/// manager can read in ten seconds: a coloured heading, facts, proportional budget bars, small
/// tables, and buttons as Action.Execute with an Action.Submit fallback. The card is kept under
/// <see cref="MaxCardBytes"/> by showing fewer table rows and shorter texts, never by failing.
/// </summary>
public static class AdaptiveCardRenderer
{
    /// <summary>Teams takes ~100 KB per message; the card leaves room for the text summary and envelope.</summary>
    public const int MaxCardBytes = 76 * 1024;

    /// <summary>Teams' host config shows at most six actions.</summary>
    public const int MaxActions = 6;

    public static AdaptiveCard Render(OutgoingMessage message, CardRenderOptions? options = null)
    {
        options ??= CardRenderOptions.None;
        var limits = RenderLimits.Default;
        for (var round = 0; round < 8; round++)
        {
            var card = Build(message, options, limits);
            if (SizeOf(card) <= MaxCardBytes)
            {
                return card;
            }

            limits = limits.Tighter();
        }

        // Pathological input (thousands of facts): the heading, a short text and the buttons still go out.
        var minimal = new OutgoingMessage(message.Title, message.Text, [new TextBlock(message.Text)], message.Actions, message.Tone);
        return Build(minimal, options, RenderLimits.Minimal);
    }

    public static JsonObject ToJson(AdaptiveCard card) => JsonSerializer.SerializeToNode(card, TeamsJson.Options)!.AsObject();

    public static int SizeOf(AdaptiveCard card) => JsonSerializer.SerializeToUtf8Bytes(card, TeamsJson.Options).Length;

    private static AdaptiveCard Build(OutgoingMessage message, CardRenderOptions options, RenderLimits limits)
    {
        var card = new AdaptiveCard
        {
            FallbackText = Cut(message.Text, limits.MaxText),
            Speak = Cut(message.Title, limits.MaxCell),
        };
        card.Body.Add(new CardTextBlock
        {
            Text = Cut(message.Title, limits.MaxCell),
            Size = "large",
            Weight = "bolder",
            Style = "heading",
            Color = ToneColor(message.Tone),
        });
        if (!string.IsNullOrWhiteSpace(options.Note))
        {
            card.Body.Add(new CardTextBlock { Text = Cut(options.Note, limits.MaxCell), IsSubtle = true, Spacing = "small" });
        }

        var detailsSeen = 0;
        foreach (var block in message.Blocks)
        {
            card.Body.AddRange(block is DetailsBlock details ? Details(details, ++detailsSeen, limits) : RenderBlock(block, limits));
        }

        if (message.Actions.Count > 0)
        {
            card.Actions = [.. message.Actions.Take(MaxActions).Select(ToAction)];
        }

        if (options.RefreshUserIds is { Count: > 0 } users && options.RefreshSubjectId is { } subject)
        {
            card.Refresh = new CardRefresh
            {
                Action = new ActionExecute { Verb = TeamsVerbs.Refresh, Data = new CardActionData(TeamsVerbs.Refresh, subject) },
                UserIds = [.. users.Take(CardRefresh.MaxUserIds)],
            };
        }

        return card;
    }

    private static IEnumerable<CardElement> RenderBlock(MessageBlock block, RenderLimits limits) => block switch
    {
        TextBlock text => Paragraph(text.Text, limits),
        FactsBlock facts => [Facts(facts, limits)],
        ProgressBlock progress => [Progress(progress, limits)],
        TableBlock table => Table(table, limits),
        ImageBlock image => [Image(image, limits)],
        _ => [],
    };

    /// <summary>Collapsed details: a toggle button over a hidden container, so the headline is read first.</summary>
    private static IEnumerable<CardElement> Details(DetailsBlock details, int index, RenderLimits limits)
    {
        var id = $"details-{index}";
        yield return new CardActionSet
        {
            Spacing = "medium",
            Actions = [new ActionToggleVisibility { Title = Cut(details.Title, limits.MaxCell), TargetElements = [id] }],
        };
        yield return new CardContainer
        {
            Id = id,
            IsVisible = false,
            Items = [.. details.Blocks.Where(b => b is not DetailsBlock).SelectMany(b => RenderBlock(b, limits))],
        };
    }

    /// <summary>One TextBlock per line: Adaptive Card markdown treats a single newline inconsistently across clients.</summary>
    private static IEnumerable<CardElement> Paragraph(string text, RenderLimits limits)
    {
        var lines = Cut(text, limits.MaxText).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length > 0)
            {
                yield return new CardTextBlock { Text = lines[i], Spacing = i == 0 ? null : "none" };
            }
        }
    }

    private static CardFactSet Facts(FactsBlock facts, RenderLimits limits) => new()
    {
        Facts = [.. facts.Facts.Take(limits.MaxRows).Select(f => new CardFact(Cut(f.Label, limits.MaxCell), Cut(f.Value, limits.MaxCell)))],
    };

    /// <summary>
    /// A label with its caption, over a bar of two columns whose widths are the used and free
    /// shares: proportional on every client, no image needed.
    /// </summary>
    private static CardContainer Progress(ProgressBlock progress, RenderLimits limits)
    {
        var used = (int)Math.Round(Math.Clamp(progress.Percent, 0m, 100m), MidpointRounding.AwayFromZero);
        var bar = new CardColumnSet { Spacing = "small" };
        if (used > 0)
        {
            bar.Columns.Add(new CardColumn { Width = used.ToString(CultureInfo.InvariantCulture), Style = BarStyle(progress.Tone), MinHeight = "8px" });
        }

        if (used < 100)
        {
            bar.Columns.Add(new CardColumn { Width = (100 - used).ToString(CultureInfo.InvariantCulture), Style = "emphasis", MinHeight = "8px" });
        }

        return new CardContainer
        {
            Spacing = "medium",
            Items =
            [
                new CardColumnSet
                {
                    Columns =
                    [
                        new CardColumn { Width = "stretch", Items = [new CardTextBlock { Text = Cut(progress.Label, limits.MaxCell), Weight = "bolder" }] },
                        new CardColumn { Width = "auto", Items = [new CardTextBlock { Text = Cut(progress.Caption, limits.MaxCell), Color = ToneColor(progress.Tone), HorizontalAlignment = "right" }] },
                    ],
                },
                bar,
            ],
        };
    }

    /// <summary>A header row and one ColumnSet per row with shared weights so columns line up; long tables say how much was left out.</summary>
    private static IEnumerable<CardElement> Table(TableBlock table, RenderLimits limits)
    {
        yield return Row(table.Columns, limits, header: true);
        foreach (var row in table.Rows.Take(limits.MaxRows))
        {
            yield return Row(row, limits, header: false);
        }

        if (table.Rows.Count > limits.MaxRows)
        {
            var hidden = table.Rows.Count - limits.MaxRows;
            yield return new CardTextBlock { Text = $"… and {hidden} more row{(hidden == 1 ? string.Empty : "s")} not shown", IsSubtle = true, Size = "small" };
        }
    }

    private static CardColumnSet Row(IReadOnlyList<string> cells, RenderLimits limits, bool header) => new()
    {
        Spacing = header ? "medium" : "none",
        Separator = header ? null : true,
        Columns =
        [
            .. cells.Select((cell, i) => new CardColumn
            {
                Width = i == 0 ? "2" : "1",
                Items = [new CardTextBlock { Text = Cut(cell, limits.MaxCell), Weight = header ? "bolder" : null, HorizontalAlignment = i == 0 ? null : "right" }],
            }),
        ],
    };

    private static CardElement Image(ImageBlock image, RenderLimits limits) =>
        OutboundUrl.IsAllowed(image.Url)
            ? new CardImage { Url = image.Url.AbsoluteUri, AltText = Cut(image.AltText, limits.MaxCell), Size = "stretch" }
            // A plain-http chart would be blocked by the client; its description still informs.
            : new CardTextBlock { Text = Cut(image.AltText, limits.MaxCell), IsSubtle = true };

    private static ActionExecute ToAction(MessageAction action)
    {
        var data = new CardActionData(action.Verb, action.SubjectId);
        var style = action.Style switch
        {
            ActionStyle.Positive => "positive",
            ActionStyle.Destructive => "destructive",
            _ => null,
        };
        return new ActionExecute
        {
            Title = action.Title,
            Verb = action.Verb,
            Data = data,
            Style = style,
            Fallback = new ActionSubmit { Title = action.Title, Data = data, Style = style },
        };
    }

    private static string? ToneColor(MessageTone tone) => tone switch
    {
        MessageTone.Good => "good",
        MessageTone.Warning => "warning",
        MessageTone.Alarm => "attention",
        _ => null,
    };

    private static string BarStyle(MessageTone tone) => tone switch
    {
        MessageTone.Warning => "warning",
        MessageTone.Alarm => "attention",
        MessageTone.Good => "good",
        _ => "accent",
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 1)), "…");

    private sealed record RenderLimits(int MaxRows, int MaxCell, int MaxText)
    {
        public static readonly RenderLimits Default = new(20, 300, 4000);

        public static readonly RenderLimits Minimal = new(0, 200, 1000);

        public RenderLimits Tighter() => new(Math.Max(1, MaxRows / 2), Math.Max(40, MaxCell / 2), Math.Max(400, MaxText / 2));
    }
}
