namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>The last list a sitemap gave, used when it cannot be read, so its pages are not dropped by a passing failure.</summary>
/// <param name="Url">The sitemap's canonical URL.</param>
/// <param name="FetchedAt">When it was read.</param>
/// <param name="Pages">Its page URLs as written.</param>
/// <param name="Sitemaps">Its child sitemaps as written.</param>
internal sealed record CachedSitemap(string Url, DateTimeOffset FetchedAt, IReadOnlyList<string> Pages, IReadOnlyList<string> Sitemaps);
