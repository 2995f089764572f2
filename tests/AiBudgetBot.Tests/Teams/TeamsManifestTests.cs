using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace AiBudgetBot.Tests.Teams;

public sealed class TeamsManifestTests
{
    private static JsonNode FilledManifest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.TeamsManifest, "manifest.json"))
            .Replace("{{BOT_ID}}", "3f6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", StringComparison.Ordinal)
            .Replace("{{VERSION}}", "1.0.0", StringComparison.Ordinal))!;

    [Fact]
    public void Manifest_IsValidAgainstTheTeams129Schema()
    {
        Assert.Empty(CardSchema.ManifestErrors(FilledManifest()));
    }

    [Fact]
    public void SchemaCheck_RejectsAManifestWithPackageName()
    {
        var manifest = FilledManifest();
        manifest["packageName"] = "com.example.aibudgetbot";

        Assert.NotEmpty(CardSchema.ManifestErrors(manifest));
    }

    [Fact]
    public void Manifest_OffersTheBotInPersonalAndTeamScopesWithEveryChatWord()
    {
        var bot = FilledManifest()["bots"]![0]!;
        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var commands = bot["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray()).Select(c => c!["title"]!.GetValue<string>());
        Assert.Equal(["help", "budget", "usage", "override", "increase", "outcome", "pause", "resume"], commands);
    }

    [Theory]
    [InlineData("color.png", 192, false)]
    [InlineData("outline.png", 32, true)]
    public void Icons_ArePngsOfTheRequiredSize(string file, int size, bool transparent)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.TeamsManifest, file));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal(6, bytes[25]); // RGBA

        var alphas = Alphas(bytes, size);
        if (transparent)
        {
            Assert.Contains((byte)0, alphas);
            Assert.Contains((byte)255, alphas);
        }
        else
        {
            Assert.All(alphas, a => Assert.Equal(255, a));
        }
    }

    /// <summary>Alpha of every pixel; the icons are written unfiltered (filter byte 0 per row).</summary>
    private static List<byte> Alphas(byte[] png, int size)
    {
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(png, at + 4, 4) == "IDAT")
            {
                idat.Write(png, at + 8, length);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var alphas = new List<byte>();
        var stride = 1 + (size * 4);
        for (var y = 0; y < size; y++)
        {
            Assert.Equal(0, raw[y * stride]);
            for (var x = 0; x < size; x++)
            {
                alphas.Add(raw[(y * stride) + 1 + (x * 4) + 3]);
            }
        }

        return alphas;
    }
}
