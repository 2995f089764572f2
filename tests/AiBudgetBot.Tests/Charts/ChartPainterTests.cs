using AiBudgetBot.Charts;
using AiBudgetBot.Core.Conversation;
using SkiaSharp;

namespace AiBudgetBot.Tests.Charts;

public sealed class ChartPainterTests
{
    [Theory]
    [MemberData(nameof(SampleCharts.Names), MemberType = typeof(SampleCharts))]
    public void DrawPng_EveryKind_DecodesAtTheFixedSizeWithSomethingDrawn(string name)
    {
        var png = ChartPainter.DrawPng(SampleCharts.All[name]);

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(ChartPainter.Width, bitmap.Width);
        Assert.Equal(ChartPainter.Height, bitmap.Height);
        Assert.True(png.Length < 1024 * 1024, "Teams refuses images of 1 MB or more");

        // A white canvas with a few grey labels would pass a size check; a chart has colour.
        Assert.True(ColouredPixels(bitmap) > 300, $"{name}: the chart's marks are missing");
    }

    [Fact]
    public void DrawPng_TheSameChart_GivesTheSameBytes()
    {
        // The signed link serves a picture drawn on demand; it must not change between instances.
        Assert.Equal(ChartPainter.DrawPng(SampleCharts.SpendVsBudget), ChartPainter.DrawPng(SampleCharts.SpendVsBudget));
    }

    [Fact]
    public void DrawPng_NoData_StillDrawsAPicture()
    {
        var png = ChartPainter.DrawPng(new ChartBlock(ChartKind.VerticalBar, "Nothing yet", []));

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((ChartPainter.Width, ChartPainter.Height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void DrawPng_GaugeOverItsScale_IsRed()
    {
        var over = SampleCharts.BudgetUsed with { Series = [SampleCharts.Series("Spent", ("Spent", 12_500m))] };

        using var bitmap = SKBitmap.Decode(ChartPainter.DrawPng(over));

        // The arc's left end (the start of the scale) is filled with the alarm colour.
        var pixel = bitmap.GetPixel((int)(ChartPainter.Width * 0.2), (int)(ChartPainter.Height * 0.62));
        Assert.True(pixel.Red > 180 && pixel.Green < 80 && pixel.Blue < 80, $"expected red, got {pixel}");
    }

    private static int ColouredPixels(SKBitmap bitmap)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
