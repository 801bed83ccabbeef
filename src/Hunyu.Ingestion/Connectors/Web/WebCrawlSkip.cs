namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>A URL the crawler left out on purpose, with the reason (robots.txt, noindex, an unsupported content type, the page limit, a page gone).</summary>
/// <param name="Url">The URL.</param>
/// <param name="Reason">One line, e.g. "disallowed by robots.txt".</param>
public sealed record WebCrawlSkip(string Url, string Reason);
