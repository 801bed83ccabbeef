namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>The state folder's <c>state.json</c>: which source the folder belongs to, in which layout.</summary>
/// <param name="Version">The layout version (<see cref="CrawlStateStore.LayoutVersion"/>).</param>
/// <param name="Location">The crawler's <see cref="WebCrawler.Location"/>; another location means the cache is not this source's.</param>
/// <param name="LastCompletedAt">When a crawl last ran to the end.</param>
/// <param name="Pages">Pages cached after that crawl.</param>
internal sealed record CrawlStateManifest(int Version, string Location, DateTimeOffset LastCompletedAt, int Pages);
