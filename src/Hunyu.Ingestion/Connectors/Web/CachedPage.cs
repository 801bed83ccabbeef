using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// What the crawler keeps of one page between crawls: the validators to send back, the documents extracted (so a 304
/// yields them again and the job sees them unchanged) and the links (so the crawl goes on through a page that is
/// unchanged or failing for a while).
/// </summary>
/// <param name="Url">The canonical URL (the file name is its hash, so this guards against collisions).</param>
/// <param name="ETag">The ETag received, sent back verbatim as If-None-Match.</param>
/// <param name="LastModified">The Last-Modified received, sent back verbatim as If-Modified-Since.</param>
/// <param name="ContentType">The media type received.</param>
/// <param name="FetchedAt">When the page was last read in full.</param>
/// <param name="Links">Canonical links found on the page (HTML only).</param>
/// <param name="Documents">The documents yielded for it; empty for a page with no text or marked noindex.</param>
internal sealed record CachedPage(
    string Url,
    string? ETag,
    string? LastModified,
    string? ContentType,
    DateTimeOffset FetchedAt,
    IReadOnlyList<string> Links,
    IReadOnlyList<ParsedDocument> Documents)
{
    /// <summary>True when the page can be asked for conditionally.</summary>
    public bool HasValidators => ETag is not null || LastModified is not null;
}
