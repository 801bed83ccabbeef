namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>What one crawl did, beyond the items it yielded.</summary>
/// <param name="PagesRequested">Pages requested (robots.txt and sitemaps not counted).</param>
/// <param name="PagesRead">Pages read in full (HTTP 200).</param>
/// <param name="NotModified">Pages the site said were unchanged (HTTP 304) and were yielded from the state folder.</param>
/// <param name="Failed">Pages and sitemaps yielded with a problem.</param>
/// <param name="Gone">Pages indexed before that now answer 404 or 410, left out so their documents are removed.</param>
/// <param name="PageLimitReached">True when <see cref="WebCrawlOptions.MaxPages"/> stopped the crawl with URLs still queued.</param>
/// <param name="Completed">True when the crawl ran to the end (not cancelled).</param>
/// <param name="Skipped">URLs left out on purpose, with the reason.</param>
public sealed record WebCrawlReport(
    int PagesRequested,
    int PagesRead,
    int NotModified,
    int Failed,
    int Gone,
    bool PageLimitReached,
    bool Completed,
    IReadOnlyList<WebCrawlSkip> Skipped);
