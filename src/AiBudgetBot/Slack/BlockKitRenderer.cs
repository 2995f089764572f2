using System.Globalization;
using System.Text;
using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Slack;

/// <summary>
/// Renders the channel-neutral <see cref="OutgoingMessage"/> as Block Kit, staying inside
/// <see cref="SlackLimits"/> whatever the message holds: long text is split over sections, long
/// messages are cut with a note, and the buttons always survive the cut.
/// </summary>
public sealed class BlockKitRenderer
{
    private const int BarCells = 10;

    public SlackMessage Render(OutgoingMessage message)
    {
        var content = new List<SlackBlock> { Header(message) };
        foreach (var block in message.Blocks)
        {
            content.AddRange(Body(block));
        }

        var actions = Actions(message.Actions, out var droppedActions);
        var notes = new List<string>();
        if (droppedActions > 0)
        {
            notes.Add($"{droppedActions} button(s) could not be shown in Slack.");
        }

        // Buttons matter more than the tail of the text: reserve their room (and the note's) before cutting the body.
        if (content.Count + actions.Count + (notes.Count > 0 ? 1 : 0) > SlackLimits.BlocksPerMessage)
        {
            var room = SlackLimits.BlocksPerMessage - actions.Count - 1;
            var cut = content.Count - room;
            content = content.Take(room).ToList();
            notes.Insert(0, $"…{cut} more part(s) left out; the full text is in the message preview.");
        }

        var blocks = new List<SlackBlock>(content);
        blocks.AddRange(actions);
        if (notes.Count > 0)
        {
            blocks.Add(new ContextBlock([SlackText.Mrkdwn(SlackMrkdwn.Truncate(string.Join(" ", notes), SlackLimits.FieldText))]));
        }

        return new SlackMessage(Fallback(message), blocks);
    }

    private static string Fallback(OutgoingMessage message)
    {
        var text = string.IsNullOrWhiteSpace(message.Text) ? message.Title : message.Text;
        return SlackMrkdwn.Truncate(SlackMrkdwn.FromMessageText(text), SlackLimits.MessageText);
    }

    private static HeaderBlock Header(OutgoingMessage message)
    {
        var icon = message.Tone switch
        {
            MessageTone.Good => ":white_check_mark: ",
            MessageTone.Warning => ":warning: ",
            MessageTone.Alarm => ":rotating_light: ",
            _ => "",
        };
        var title = string.IsNullOrWhiteSpace(message.Title) ? "AiBudgetBot" : message.Title;
        return new HeaderBlock(SlackText.Plain(SlackMrkdwn.Truncate(icon + title, SlackLimits.HeaderText)));
    }

    private static IEnumerable<SlackBlock> Body(MessageBlock block) => block switch
    {
        TextBlock text => Sections(SlackMrkdwn.FromMessageText(text.Text)),
        FactsBlock facts => Facts(facts),
        ProgressBlock progress => Sections(Progress(progress)),
        TableBlock table => Sections(Table(table)),
        ImageBlock image => Image(image),
        // Slack cannot collapse: details go in thread replies (RenderDetails), the message says where.
        DetailsBlock details => [new ContextBlock([SlackText.Mrkdwn(SlackMrkdwn.Truncate($"_{SlackMrkdwn.FromMessageText(details.Title)}: in the thread_", SlackLimits.FieldText))])],
        _ => [],
    };

    /// <summary>One thread reply per <see cref="DetailsBlock"/> of <paramref name="message"/>, each within Slack's limits.</summary>
    public IReadOnlyList<SlackMessage> RenderDetails(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return [.. message.Blocks.OfType<DetailsBlock>().Select(d => Render(new OutgoingMessage(d.Title, d.Title, d.Blocks, [])))];
    }

    /// <summary>Splits mrkdwn into sections of at most 3000 characters, preferring line breaks.</summary>
    private static IEnumerable<SlackBlock> Sections(string mrkdwn)
    {
        foreach (var chunk in Chunks(mrkdwn, SlackLimits.SectionText))
        {
            yield return new SectionBlock(SlackText.Mrkdwn(chunk));
        }
    }

    internal static IEnumerable<string> Chunks(string text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var rest = text.AsMemory();
        while (rest.Length > max)
        {
            var window = rest.Span[..max];
            var cut = window.LastIndexOf('\n');
            if (cut < max / 2)
            {
                cut = window.LastIndexOf(' ');
            }

            if (cut < max / 2)
            {
                cut = char.IsHighSurrogate(window[max - 1]) ? max - 1 : max;
            }

            yield return rest[..cut].ToString();
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            yield return rest.ToString();
        }
    }

    private static IEnumerable<SlackBlock> Facts(FactsBlock facts)
    {
        var fields = facts.Facts
            .Select(f => SlackText.Mrkdwn(SlackMrkdwn.Truncate($"*{SlackMrkdwn.Escape(f.Label)}*\n{SlackMrkdwn.FromMessageText(f.Value)}", SlackLimits.FieldText)))
            .ToList();
        return fields.Chunk(SlackLimits.FieldsPerSection).Select(chunk => new SectionBlock(null, chunk));
    }

    /// <summary>A text bar (█░), since Block Kit has no progress element; over 100 % the bar is full and the number says the rest.</summary>
    internal static string Progress(ProgressBlock progress)
    {
        var clamped = Math.Clamp(progress.Percent, 0m, 100m);
        var filled = (int)Math.Round(clamped / 100m * BarCells, MidpointRounding.AwayFromZero);
        var bar = new string('█', filled) + new string('░', BarCells - filled);
        var percent = progress.Percent.ToString("0.#", CultureInfo.InvariantCulture);
        return $"*{SlackMrkdwn.Escape(progress.Label)}*\n{bar} {percent} %\n{SlackMrkdwn.FromMessageText(progress.Caption)}";
    }

    /// <summary>
    /// Section text is not monospaced, so padding cannot align columns; each row becomes one line
    /// naming its values ("*Video* · Spent: $412 · Share: 41 %"), which reads well on a phone too.
    /// </summary>
    internal static string Table(TableBlock table)
    {
        var text = new StringBuilder();
        foreach (var row in table.Rows)
        {
            var parts = new List<string>();
            for (var i = 0; i < row.Count; i++)
            {
                var cell = SlackMrkdwn.FromMessageText(row[i]);
                if (i == 0)
                {
                    parts.Add($"*{cell}*");
                }
                else
                {
                    var column = i < table.Columns.Count ? SlackMrkdwn.Escape(table.Columns[i]) : "";
                    parts.Add(column.Length > 0 ? $"{column}: {cell}" : cell);
                }
            }

            text.Append(string.Join(" · ", parts)).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static IEnumerable<SlackBlock> Image(ImageBlock image)
    {
        var url = image.Url.AbsoluteUri;
        if (url.Length > SlackLimits.ImageUrl)
        {
            return [];
        }

        var alt = string.IsNullOrWhiteSpace(image.AltText) ? "chart" : image.AltText;
        return [new ImageBlockKit(url, SlackMrkdwn.Truncate(alt, SlackLimits.ImageAltText))];
    }

    /// <summary>
    /// Buttons in actions blocks of at most 25; a verb repeated (two requests, two "approve"s)
    /// starts a new block because action ids must be unique within a block.
    /// </summary>
    private static List<SlackBlock> Actions(IReadOnlyList<MessageAction> actions, out int dropped)
    {
        dropped = 0;
        var blocks = new List<SlackBlock>();
        var current = new List<ButtonElement>();

        void Flush()
        {
            if (current.Count > 0)
            {
                blocks.Add(new ActionsBlock(current) { BlockId = $"actions-{blocks.Count + 1}" });
                current = [];
            }
        }

        foreach (var action in actions)
        {
            // A cut subject id would act on the wrong thing; better no button than a wrong one.
            if (action.SubjectId.Length > SlackLimits.ButtonValue || action.Verb.Length > SlackLimits.Id || action.Verb.Length == 0)
            {
                dropped++;
                continue;
            }

            if (current.Count == SlackLimits.ElementsPerActions || current.Exists(b => b.ActionId == action.Verb))
            {
                Flush();
            }

            current.Add(new ButtonElement(
                SlackText.Plain(SlackMrkdwn.Truncate(action.Title, SlackLimits.ButtonText)),
                action.Verb,
                action.SubjectId,
                action.Style switch
                {
                    ActionStyle.Positive => "primary",
                    ActionStyle.Destructive => "danger",
                    _ => null,
                }));
        }

        Flush();

        // Keep room for at least a header and the note.
        const int MaxActionBlocks = SlackLimits.BlocksPerMessage - 2;
        if (blocks.Count > MaxActionBlocks)
        {
            dropped += blocks.Skip(MaxActionBlocks).Sum(b => ((ActionsBlock)b).Elements.Count);
            blocks = blocks.Take(MaxActionBlocks).ToList();
        }

        return blocks;
    }
}
