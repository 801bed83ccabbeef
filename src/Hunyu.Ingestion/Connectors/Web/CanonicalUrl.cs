using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// The one spelling of a URL used as a page's key: http or https only, lower-case scheme and host (IDN as punycode,
/// trailing dot removed), no default port, no user info, no fragment, dot segments resolved, percent-encoding
/// normalised (unreserved characters decoded, other escapes upper-case), an empty path as "/", an empty query removed.
/// </summary>
/// <remarks>The query is kept as it is (not sorted): its order can matter to the site.</remarks>
internal static class CanonicalUrl
{
    /// <summary>Longest URL accepted; longer links are ignored (browsers and servers rarely go past 8 KB).</summary>
    public const int MaxLength = 8 * 1024;

    /// <summary>Resolves <paramref name="value"/> (absolute, or relative to <paramref name="baseUrl"/>) to its canonical form.</summary>
    /// <param name="value">The URL as written.</param>
    /// <param name="baseUrl">The page it was found on; null for a URL that must be absolute.</param>
    /// <param name="url">The canonical URL.</param>
    /// <param name="reason">Why the URL is not accepted, e.g. "is not http or https".</param>
    public static bool TryCreate(string? value, Uri? baseUrl, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? reason)
    {
        url = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            reason = "is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxLength} characters");
            return false;
        }

        Uri? parsed;
        var ok = baseUrl is null ? Uri.TryCreate(text, UriKind.Absolute, out parsed) : Uri.TryCreate(baseUrl, text, out parsed);
        if (!ok || parsed is null || !parsed.IsAbsoluteUri)
        {
            reason = "is not a valid absolute URL";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            reason = $"has scheme '{parsed.Scheme}'; only http and https are crawled";
            return false;
        }

        if (parsed.UserInfo.Length > 0)
        {
            // SECURITY: credentials in a URL would end up in keys, logs and the catalog.
            reason = "carries user credentials; they are never sent or stored";
            return false;
        }

        var host = parsed.HostNameType == UriHostNameType.IPv6 ? parsed.Host : parsed.IdnHost.TrimEnd('.');
        if (host.Length == 0)
        {
            reason = "has no host";
            return false;
        }

        var port = parsed.IsDefaultPort ? string.Empty : ":" + parsed.Port.ToString(CultureInfo.InvariantCulture);
        var pathAndQuery = parsed.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        if (pathAndQuery.EndsWith('?'))
        {
            pathAndQuery = pathAndQuery[..^1];
        }

        if (pathAndQuery.Length == 0 || pathAndQuery[0] != '/')
        {
            pathAndQuery = "/" + pathAndQuery;
        }

        if (!Uri.TryCreate($"{parsed.Scheme}://{host.ToLowerInvariant()}{port}{pathAndQuery}", UriKind.Absolute, out url))
        {
            reason = "is not a valid absolute URL";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>The key of a URL: its canonical text.</summary>
    public static string Key(Uri url) => url.AbsoluteUri;

    /// <summary>The origin robots.txt and rate limits apply to: scheme, host and port.</summary>
    public static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>The host and port requests are throttled by.</summary>
    public static string Authority(Uri url) => url.Authority;
}
