using System.Net;
using System.Runtime.CompilerServices;
using Hunyu.Core.Net;
using Hunyu.Ingestion.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// Web pages as source items: the pages of a URL list and of sitemaps (XML, sitemap index, gzip), followed by links to
/// <see cref="WebCrawlOptions.MaxDepth"/> within the allowed hosts. One item per page, keyed by its canonical URL; HTML
/// is read by the HTML parser (main content only), PDF and the other supported formats by their parsers, anything else
/// is skipped with a reason.
/// </summary>
/// <remarks>
/// <para>
/// Polite: robots.txt (user agent <c>Hunyu</c>: Allow, Disallow, Crawl-delay), one request at a time, at most one per
/// <see cref="WebCrawlOptions.MinRequestInterval"/> per host. Bounded: page, depth, size, redirect and time limits.
/// Safe (SSRF): only http and https, and connections only to public addresses unless loopback or private networks are
/// allowed; the check runs on the resolved address at connect time, so DNS rebinding cannot get around it.
/// </para>
/// <para>
/// Incremental: with a <see cref="WebCrawlOptions.StateDirectory"/>, each page's ETag and Last-Modified are sent back on
/// the next crawl, and a 304 yields the documents kept from the last read, so the job sees them unchanged and keeps
/// them. A failing page is yielded with its problem (the job keeps its documents) and its last known links are still
/// followed; a page indexed before that now answers 404 or 410 is left out and noted, so the job removes it.
/// </para>
/// <para>Each <see cref="ReadAsync"/> is one crawl with its own connections; run one at a time per instance.</para>
/// </remarks>
public sealed class WebCrawler : ISourceConnector
{
    /// <summary>The connector kind recorded with the source.</summary>
    public const string ConnectorKind = "web";

    private readonly WebCrawlOptions _options;
    private readonly ParserRegistry _parsers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <summary>Checks <paramref name="options"/> and prepares a crawler; nothing is fetched until <see cref="ReadAsync"/>.</summary>
    /// <param name="options">What to crawl and the limits.</param>
    /// <param name="parsers">Parsers by format; HTML must be among them for pages to be read.</param>
    /// <param name="logger">Where skipped and failed pages are logged; none by default.</param>
    /// <param name="time">The clock of the rate limit and the timeouts; the system clock by default.</param>
    /// <exception cref="Core.Errors.HunyuException"><c>invalid_argument</c>: see <see cref="WebCrawlOptions.Validate"/>.</exception>
    public WebCrawler(WebCrawlOptions options, ParserRegistry parsers, ILogger<WebCrawler>? logger = null, TimeProvider? time = null)
        : this(options, parsers, logger, time, GuardedConnector.ResolveWithDnsAsync)
    {
    }

    /// <summary>For tests: resolves host names with <paramref name="resolve"/> instead of DNS.</summary>
    internal WebCrawler(WebCrawlOptions options, ParserRegistry parsers, ILogger? logger, TimeProvider? time, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parsers);
        ArgumentNullException.ThrowIfNull(resolve);
        options.Validate();
        _options = options;
        _parsers = parsers;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _resolve = resolve;
        Location = LocationOf(options);
    }

    /// <inheritdoc />
    public string Kind => ConnectorKind;

    /// <summary>
    /// The <see cref="Location"/> a crawler of <paramref name="options"/> has (it does not depend on the state folder),
    /// so a host can name the state folder after the source before creating the crawler, e.g.
    /// <c>&lt;data&gt;/connectors/&lt;DocumentIds.ForSource(domain, "web", location)&gt;</c>.
    /// </summary>
    public static string LocationOf(WebCrawlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var starts = options.Urls.Concat(options.Sitemaps)
            .Select(url => CanonicalUrl.TryCreate(url, null, out var canonical, out _) ? CanonicalUrl.Key(canonical) : url)
            .Distinct(StringComparer.Ordinal);
        return string.Join(' ', starts);
    }

    /// <summary>The canonical start URLs, then the sitemaps, separated by spaces.</summary>
    public string Location { get; }

    /// <summary>What the last (or current) crawl did: counts and the URLs skipped on purpose; null before the first.</summary>
    public WebCrawlReport? LastReport { get; private set; }

    /// <inheritdoc />
    /// <exception cref="Core.Errors.HunyuException"><c>store_unavailable</c>: the state folder cannot be created.</exception>
    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var session = new CrawlSession(_options, _parsers, _logger, _time, _resolve, Location);
        try
        {
            await foreach (var item in session.RunAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            LastReport = session.Report();
        }
    }
}
