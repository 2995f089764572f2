using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Http;
using AiBudgetBot.Organization;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Charts;

/// <summary>
/// Signed, expiring links to a chart's picture under <c>Organization:PublicBaseUrl</c>:
/// <c>{base}/charts/{data}.png?expires={unix seconds}&amp;sig={HMAC-SHA256 over path and expiry}</c>.
/// </summary>
/// <remarks>
/// The chart travels in the link itself (its JSON, Brotli-compressed, base64url) rather than in a
/// table keyed by its hash: rendering a card stays pure and synchronous (no write before every
/// Teams post), any instance can draw any link with no lookup, nothing needs cleaning up when links
/// expire, and the signature covers the data so nobody can make the bot draw their numbers. The
/// price is length: a digest chart of a dozen teams is a few hundred characters; a link longer than
/// <see cref="MaxUrlLength"/> is not made (the card lists the numbers instead, Slack uploads the
/// picture, which needs no link).
/// </remarks>
public sealed class ChartLinks
{
    public const string RoutePrefix = "/charts/";

    /// <summary>Well inside what proxies, Teams' image fetcher and Kestrel's 8 KB request line take.</summary>
    public const int MaxUrlLength = 2000;

    /// <summary>A link's chart unpacks to at most this much JSON, so a crafted token cannot balloon.</summary>
    private const int MaxChartJsonBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Uri? _base;
    private readonly byte[]? _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public ChartLinks(IOptions<OrganizationOptions> organization, IOptions<ChartsOptions> charts, IOptions<AdminOptions> admin, TimeProvider time)
    {
        _time = time;
        _lifetime = TimeSpan.FromDays(charts.Value.LinkDays);
        _base = organization.Value.PublicBaseUrl is { } url ? new Uri(url.AbsoluteUri.EndsWith('/') ? url.AbsoluteUri : url.AbsoluteUri + "/") : null;
        var secret = charts.Value.SigningKey is { Length: > 0 } own ? own : admin.Value.ApiKey;
        _key = secret.Length > 0
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "aibudgetbot chart links v1"u8.ToArray())
            : null;
    }

    /// <summary>Whether links can be made at all (a public URL and a key).</summary>
    public bool IsEnabled => _base is not null && _key is not null;

    /// <summary>The chart's signed link, or null without a public URL or key, or when the chart is too big to travel in a link.</summary>
    public Uri? LinkFor(ChartBlock chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (_base is null || _key is null)
        {
            return null;
        }

        // Whole hours, so the same chart links the same way for an hour (caches, identical retries).
        var expiresAt = _time.GetUtcNow() + _lifetime;
        var expires = (long)Math.Ceiling(expiresAt.ToUnixTimeSeconds() / 3600.0) * 3600;
        var path = RoutePrefix + Encode(chart) + ".png";
        var link = new Uri(_base, path.TrimStart('/') + $"?expires={expires.ToString(CultureInfo.InvariantCulture)}&sig={Sign(path, expires)}");
        return link.AbsoluteUri.Length <= MaxUrlLength ? link : null;
    }

    /// <summary>
    /// The chart behind a link, when its signature is ours and it has not expired; null otherwise
    /// (the endpoint answers 404 for both, so a prober learns nothing).
    /// </summary>
    /// <param name="path">The request path relative to the app, <c>/charts/{data}.png</c>.</param>
    public ChartBlock? Open(string path, string? expires, string? sig)
    {
        if (_key is null || sig is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || !path.StartsWith(RoutePrefix, StringComparison.Ordinal) || !path.EndsWith(".png", StringComparison.Ordinal))
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(path, expiresAt)), Encoding.ASCII.GetBytes(sig)))
        {
            return null;
        }

        if (_time.GetUtcNow().ToUnixTimeSeconds() >= expiresAt)
        {
            return null;
        }

        return Decode(path[RoutePrefix.Length..^".png".Length]);
    }

    private string Sign(string path, long expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes($"{path}\n{expires.ToString(CultureInfo.InvariantCulture)}")));

    private static string Encode(ChartBlock chart)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(chart, Json);
        using var packed = new MemoryStream();
        using (var brotli = new BrotliStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(json);
        }

        return Base64Url.EncodeToString(packed.ToArray());
    }

    private static ChartBlock? Decode(string token)
    {
        try
        {
            using var brotli = new BrotliStream(new MemoryStream(Base64Url.DecodeFromChars(token)), CompressionMode.Decompress);
            using var json = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = brotli.Read(buffer)) > 0)
            {
                if (json.Length + read > MaxChartJsonBytes)
                {
                    return null;
                }

                json.Write(buffer, 0, read);
            }

            return JsonSerializer.Deserialize<ChartBlock>(json.ToArray(), Json);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or JsonException or NotSupportedException)
        {
            // Only reachable with a valid signature over bad data, i.e. a bug on our side.
            return null;
        }
    }
}
