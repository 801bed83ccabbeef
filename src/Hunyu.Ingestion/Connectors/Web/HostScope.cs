using System.Net;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>Which hosts a crawl may visit: exact names, or <c>*.example.com</c> for a domain and its subdomains.</summary>
/// <remarks>Not thread-safe; one per crawl. Hosts compare in their canonical form (lower case, punycode).</remarks>
internal sealed class HostScope
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _suffixes = [];

    /// <summary>True when <paramref name="pattern"/> is a host name, an IP address, or <c>*.</c> followed by a host name.</summary>
    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return IPAddress.TryParse(host.Trim('[', ']'), out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;
    }

    /// <summary>Adds a pattern (already validated).</summary>
    public void Add(string pattern)
    {
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var domain = Normalize(pattern[2..]);
            _exact.Add(domain);
            _suffixes.Add("." + domain);
        }
        else
        {
            _exact.Add(Normalize(pattern));
        }
    }

    /// <summary>True when the URL's host is in scope.</summary>
    public bool Contains(Uri url)
    {
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost;
        return _exact.Contains(host) || _suffixes.Exists(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalize(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        }

        return Uri.TryCreate($"http://{host}/", UriKind.Absolute, out var uri) ? uri.IdnHost.TrimEnd('.').ToLowerInvariant() : host.ToLowerInvariant();
    }
}
