using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiBudgetBot.Slack;

/// <summary>
/// Slack's request signing: <c>v0=</c> + hex HMAC-SHA256(secret, <c>v0:{timestamp}:{raw body}</c>).
/// Pure functions so the official test vector can be checked without a host.
/// </summary>
public static class SlackSignature
{
    /// <summary>Slack's own tolerance: older (or future) timestamps are treated as replays.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        var baseString = new byte[prefix.Length + body.Length];
        prefix.CopyTo(baseString, 0);
        body.CopyTo(baseString.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), baseString);
        return Version + "=" + Convert.ToHexStringLower(mac);
    }

    public static SignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        // Never "accept all": a missing secret is a misconfiguration, not an invitation.
        if (string.IsNullOrEmpty(signingSecret))
        {
            return SignatureCheck.NoSecret;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Stale;
        }

        var age = now.ToUnixTimeSeconds() - seconds;
        if (Math.Abs(age) > MaxAge.TotalSeconds)
        {
            return SignatureCheck.Stale;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature);

        // Constant time, so the comparison does not leak how many leading bytes matched.
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}

public enum SignatureCheck
{
    Valid,
    NoSecret,
    Missing,
    Stale,
    Mismatch,
}
