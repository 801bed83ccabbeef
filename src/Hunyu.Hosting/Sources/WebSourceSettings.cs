using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Hosting.Sources;

/// <summary>Web pages crawled from start URLs and sitemaps; see <see cref="WebCrawlOptions"/>.</summary>
public sealed record WebSourceSettings
{
    /// <summary>Pages to start from.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>Sitemaps whose pages are crawled.</summary>
    public IReadOnlyList<string> Sitemaps { get; init; } = [];

    /// <summary>Links to follow from a start page; stored as given or the default.</summary>
    public int? Depth { get; init; }

    /// <summary>Pages to read at most; stored as given or the default.</summary>
    public int? MaxPages { get; init; }

    /// <summary>Other hosts to follow links to; none means the start pages' hosts.</summary>
    public IReadOnlyList<string> AllowHosts { get; init; } = [];

    /// <summary>Allow loopback addresses (SSRF guard; off by default).</summary>
    public bool AllowLoopback { get; init; }

    /// <summary>Allow private networks (SSRF guard; off by default).</summary>
    public bool AllowPrivateNetworks { get; init; }
}
