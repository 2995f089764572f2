using System.Text;
using AiBudgetBot.Charts;
using AiBudgetBot.Core.Conversation;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Slack;

/// <summary>
/// The async step before Block Kit rendering: each chart is drawn and uploaded (Slack's three-step
/// external upload), so the pure <see cref="BlockKitRenderer"/> only has to point an image block at
/// the file. With <c>Slack:NativeCharts</c> nothing is uploaded: the renderer writes Slack's own
/// chart block. A chart Slack will not take (no <c>files:write</c> scope, say) is shown as its numbers.
/// </summary>
public sealed class SlackMessageComposer(SlackApiClient api, BlockKitRenderer renderer, IOptions<SlackOptions> options, ILogger<SlackMessageComposer> logger)
{
    /// <summary>More charts than this in one message are listed as numbers (each upload is three calls).</summary>
    public const int MaxUploadsPerMessage = 10;

    /// <summary>Whether composing this message calls Slack (a slash command's 3-second ack cannot wait for that).</summary>
    public bool NeedsUploads(OutgoingMessage message) => !options.Value.NativeCharts && message.Blocks.Any(b => b is ChartBlock);

    public async Task<SlackMessage> ComposeAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var files = new Dictionary<ChartBlock, string>(ReferenceEqualityComparer.Instance);
        if (NeedsUploads(message))
        {
            foreach (var chart in message.Blocks.OfType<ChartBlock>().Take(MaxUploadsPerMessage))
            {
                try
                {
                    files[chart] = await UploadAsync(chart, cancellationToken);
                }
                catch (SlackApiException e) when (!e.IsTransient)
                {
                    // Transient failures propagate (the outbox retries the whole message); a refusal will not heal.
                    logger.LogWarning("Slack refused the upload of chart '{Title}' ({Error}); its numbers are shown instead", chart.Title, e.Error);
                }
            }
        }

        return renderer.Render(message, new SlackRenderOptions(options.Value.NativeCharts, files));
    }

    private async Task<string> UploadAsync(ChartBlock chart, CancellationToken cancellationToken)
    {
        var png = ChartPainter.DrawPng(chart);
        var ticket = await api.GetUploadUrlExternalAsync(FileName(chart.Title), png.Length, ChartText.Summary(chart), cancellationToken);
        await api.UploadBytesAsync(ticket.UploadUrl, png, "image/png", cancellationToken);
        await api.CompleteUploadExternalAsync(ticket.FileId, chart.Title, cancellationToken);
        return ticket.FileId;
    }

    /// <summary>"Spend vs budget, December" → "spend-vs-budget-december.png".</summary>
    internal static string FileName(string title)
    {
        var name = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var slug = name.ToString().Trim('-');
        return (slug.Length == 0 ? "chart" : slug[..Math.Min(slug.Length, 60)].TrimEnd('-')) + ".png";
    }
}
