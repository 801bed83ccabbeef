using AngleSharp.Html.Parser;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// Finds the links of an HTML page (<c>a[href]</c>, <c>area[href]</c>, resolved against <c>&lt;base href&gt;</c> or the
/// page URL) and its <c>&lt;meta name="robots"&gt;</c> (or <c>name="hunyu"</c>) directives. Links come from the whole
/// page, navigation included, unlike the indexed text, which is the main content only.
/// </summary>
/// <remarks>Thread-safe: static and stateless.</remarks>
internal static class LinkExtractor
{
    /// <summary>Most links taken from one page.</summary>
    public const int MaxLinksPerPage = 10_000;

    /// <summary>Reads the links and directives of <paramref name="html"/>.</summary>
    /// <param name="html">The page's bytes.</param>
    /// <param name="pageUrl">The page's canonical URL.</param>
    /// <param name="charset">The charset of the Content-Type header, if any.</param>
    public static PageLinks Extract(ReadOnlySpan<byte> html, Uri pageUrl, string? charset)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        string text;
        try
        {
            text = TextDecoder.Decode(html, pageUrl.AbsoluteUri, TextDecoder.GetEncoding(charset)).Text;
        }
        catch (HunyuException)
        {
            // Binary or undecodable: the parser reports it; there are no links to follow.
            return PageLinks.None;
        }

        var document = new HtmlParser().ParseDocument(text);
        var baseUrl = pageUrl;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } baseHref && CanonicalUrl.TryCreate(baseHref, pageUrl, out var declaredBase, out _))
        {
            baseUrl = declaredBase;
        }

        bool noIndex = false, noFollow = false;
        foreach (var meta in document.QuerySelectorAll("meta[name][content]"))
        {
            var name = meta.GetAttribute("name")!.Trim();
            if (!name.Equals("robots", StringComparison.OrdinalIgnoreCase) && !name.Equals(WebCrawlOptions.RobotsProductToken, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var (index, follow) = Directives(meta.GetAttribute("content")!);
            noIndex |= index;
            noFollow |= follow;
        }

        var links = new List<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in document.QuerySelectorAll("a[href], area[href]"))
        {
            if (links.Count >= MaxLinksPerPage)
            {
                break;
            }

            if (CanonicalUrl.TryCreate(anchor.GetAttribute("href"), baseUrl, out var link, out _) && seen.Add(link.AbsoluteUri))
            {
                links.Add(link);
            }
        }

        return new PageLinks(links, noIndex, noFollow);
    }

    /// <summary>Reads <c>noindex</c>, <c>nofollow</c> and <c>none</c> from a comma-separated directive list.</summary>
    public static (bool NoIndex, bool NoFollow) Directives(string content)
    {
        bool noIndex = false, noFollow = false;
        foreach (var token in content.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            noIndex |= token.Equals("noindex", StringComparison.OrdinalIgnoreCase) || token.Equals("none", StringComparison.OrdinalIgnoreCase);
            noFollow |= token.Equals("nofollow", StringComparison.OrdinalIgnoreCase) || token.Equals("none", StringComparison.OrdinalIgnoreCase);
        }

        return (noIndex, noFollow);
    }
}
