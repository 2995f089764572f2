using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiBudgetBot.Core.Connectors;

/// <summary>
/// Usage ids of spend the bot reads from providers and bills rather than from a gateway. Each
/// is derived from what identifies the line at its source, so reading the same line again
/// yields the same id and the ledger counts it once.
/// </summary>
public static class ProviderUsageIds
{
    /// <summary>A cost bucket line: <c>{provider}:{bucket start}:{project}:{line item}</c>, hashed when long.</summary>
    public static string Bucket(string provider, DateTimeOffset bucketStart, string? project, string? lineItem)
    {
        var natural = string.Join(':', provider, bucketStart.ToUniversalTime().ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture), project ?? "-", lineItem ?? "-");
        return Bounded(natural);
    }

    /// <summary>
    /// The correction that brings a line booked earlier to <paramref name="correctedToMicros"/>:
    /// named by the amount it reaches, so replaying one correction (after a crash) finds its row.
    /// </summary>
    public static string Correction(string lineId, long correctedToMicros) =>
        Bounded($"{lineId}~{correctedToMicros.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>A FOCUS row: a digest of every column's value (FOCUS 1.0 has no row id column).</summary>
    public static string FocusRow(IEnumerable<string?> values)
    {
        var text = string.Join('\u001f', values.Select(v => v ?? "\u0000"));
        return "focus:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }

    // Usage ids are at most 200 characters; a longer natural id keeps its head and a digest of the whole.
    private static string Bounded(string natural) =>
        natural.Length <= 120
            ? natural
            : natural[..80] + "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(natural)))[..32];
}
