using System.Net;

namespace AiBudgetBot.Organization;

/// <summary>
/// The one rule for every outside endpoint (CONTRACT.md): https, or plain http on loopback so
/// that local stand-ins work. Anything else over http is refused.
/// </summary>
public static class OutboundUrl
{
    public static bool IsAllowed(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)));

    public static bool IsAllowed(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var parsed) && IsAllowed(parsed);

    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
