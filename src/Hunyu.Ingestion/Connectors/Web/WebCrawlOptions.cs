using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// What <see cref="WebCrawler"/> reads and how politely and safely (configuration section <c>Hunyu:Ingestion:Web</c>).
/// Defaults and limits are the named constants of this record.
/// </summary>
public sealed record WebCrawlOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Hunyu:Ingestion:Web";

    /// <summary>Default of <see cref="MaxDepth"/>: the given pages, the pages they link to, and the pages those link to.</summary>
    public const int DefaultMaxDepth = 2;

    /// <summary>Largest allowed <see cref="MaxDepth"/>.</summary>
    public const int MaxMaxDepth = 20;

    /// <summary>Default of <see cref="MaxPages"/>.</summary>
    public const int DefaultMaxPages = 1_000;

    /// <summary>Largest allowed <see cref="MaxPages"/>.</summary>
    public const int MaxMaxPages = 1_000_000;

    /// <summary>Default of <see cref="MaxPageBytes"/> (10 MB).</summary>
    public const long DefaultMaxPageBytes = 10L * 1024 * 1024;

    /// <summary>Smallest allowed <see cref="MaxPageBytes"/> (1 KB).</summary>
    public const long MinMaxPageBytes = 1024;

    /// <summary>Largest allowed <see cref="MaxPageBytes"/> (1 GB): a page is held in memory while it is parsed.</summary>
    public const long MaxMaxPageBytes = 1024L * 1024 * 1024;

    /// <summary>Default of <see cref="MaxRedirects"/>.</summary>
    public const int DefaultMaxRedirects = 5;

    /// <summary>Largest allowed <see cref="MaxRedirects"/>.</summary>
    public const int MaxMaxRedirects = 20;

    /// <summary>Default of <see cref="MaxSitemapBytes"/>: 50 MB, the sitemaps.org limit for one uncompressed sitemap.</summary>
    public const long DefaultMaxSitemapBytes = 50L * 1024 * 1024;

    /// <summary>Default of <see cref="MaxSitemapUrls"/>: 50,000, the sitemaps.org limit for one sitemap.</summary>
    public const int DefaultMaxSitemapUrls = 50_000;

    /// <summary>Default of <see cref="MaxSitemaps"/>: sitemap files read in one crawl, index entries included.</summary>
    public const int DefaultMaxSitemaps = 100;

    /// <summary>Most bytes of a robots.txt that are read (RFC 9309 asks crawlers to parse at least 500 KiB); the rest is ignored.</summary>
    public const int MaxRobotsBytes = 512 * 1024;

    /// <summary>Most URLs remembered as found in one crawl, per page of <see cref="MaxPages"/>; links beyond it are not queued.</summary>
    public const int MaxQueuedUrlsPerPage = 10;

    /// <summary>The product token matched against robots.txt <c>User-agent</c> lines.</summary>
    public const string RobotsProductToken = "Hunyu";

    /// <summary>Default of <see cref="UserAgent"/>.</summary>
    public const string DefaultUserAgent = "Hunyu/1.0 (knowledge-search crawler)";

    /// <summary>Default of <see cref="AcceptLanguage"/>: Chinese first.</summary>
    public const string DefaultAcceptLanguage = "zh-CN,zh;q=0.9,en;q=0.8";

    /// <summary>Default of <see cref="RequestTimeout"/>.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default of <see cref="ConnectTimeout"/>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default of <see cref="MinRequestInterval"/>: one request per second per host.</summary>
    public static readonly TimeSpan DefaultMinRequestInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default of <see cref="MaxCrawlDelay"/>.</summary>
    public static readonly TimeSpan DefaultMaxCrawlDelay = TimeSpan.FromSeconds(30);

    /// <summary>Pages to start from (http or https); each is crawled at depth 0.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>Sitemaps (XML, sitemap index, gzip-compressed, or plain text) whose pages are crawled at depth 0.</summary>
    public IReadOnlyList<string> Sitemaps { get; init; } = [];

    /// <summary>
    /// Hosts that may be crawled; <c>*.example.com</c> also allows its subdomains. Empty means the hosts of
    /// <see cref="Urls"/> and <see cref="Sitemaps"/> (same site), plus the hosts those start URLs redirect to.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>How many links deep to follow from a start page: 0 reads only the start pages.</summary>
    /// <value>The default is 2; allowed 0–20.</value>
    [Range(0, MaxMaxDepth)]
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Most pages requested in one crawl (robots.txt and sitemaps not counted); the rest are noted as skipped.</summary>
    /// <value>The default is 1,000; allowed 1–1,000,000.</value>
    [Range(1, MaxMaxPages)]
    public int MaxPages { get; init; } = DefaultMaxPages;

    /// <summary>Largest page body read; a larger page is refused with <c>too_large</c> as soon as it passes the limit, never buffered whole.</summary>
    /// <value>The default is 10 MB; allowed 1 KB–1 GB.</value>
    [Range(MinMaxPageBytes, MaxMaxPageBytes)]
    public long MaxPageBytes { get; init; } = DefaultMaxPageBytes;

    /// <summary>Most redirects followed for one page.</summary>
    /// <value>The default is 5; allowed 0–20.</value>
    [Range(0, MaxMaxRedirects)]
    public int MaxRedirects { get; init; } = DefaultMaxRedirects;

    /// <summary>Longest time for one page: every redirect, the headers and the whole body.</summary>
    /// <value>The default is 30 seconds; allowed 0.1 second–10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>Longest time to open a connection.</summary>
    /// <value>The default is 10 seconds; allowed 0.1 second–2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:02:00")]
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>Least time between two requests to the same host (the rate limit); a longer robots.txt <c>Crawl-delay</c> wins.</summary>
    /// <value>The default is 1 second; allowed 0–1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinRequestInterval { get; init; } = DefaultMinRequestInterval;

    /// <summary>Longest robots.txt <c>Crawl-delay</c> honoured; a longer one is cut to this and noted.</summary>
    /// <value>The default is 30 seconds; allowed 0–10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxCrawlDelay { get; init; } = DefaultMaxCrawlDelay;

    /// <summary>Largest sitemap read, after decompression.</summary>
    /// <value>The default is 50 MB; allowed 1 KB–1 GB.</value>
    [Range(MinMaxPageBytes, MaxMaxPageBytes)]
    public long MaxSitemapBytes { get; init; } = DefaultMaxSitemapBytes;

    /// <summary>Most URLs read from one sitemap.</summary>
    /// <value>The default is 50,000; allowed 1–1,000,000.</value>
    [Range(1, 1_000_000)]
    public int MaxSitemapUrls { get; init; } = DefaultMaxSitemapUrls;

    /// <summary>Most sitemap files read in one crawl, those listed by a sitemap index included.</summary>
    /// <value>The default is 100; allowed 1–50,000.</value>
    [Range(1, 50_000)]
    public int MaxSitemaps { get; init; } = DefaultMaxSitemaps;

    /// <summary>Obey robots.txt (user agent <see cref="RobotsProductToken"/>): <c>Disallow</c>, <c>Allow</c> and <c>Crawl-delay</c>.</summary>
    /// <value>The default is true.</value>
    public bool RespectRobotsTxt { get; init; } = true;

    /// <summary>
    /// Allow loopback addresses (127.0.0.0/8, ::1). SECURITY: off by default, so a link or redirect cannot make the
    /// crawler read services on the server itself.
    /// </summary>
    /// <value>The default is false.</value>
    public bool AllowLoopback { get; init; }

    /// <summary>
    /// Allow private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10) for intranet crawls.
    /// SECURITY: off by default. Link-local (169.254/16, fe80::/10, cloud metadata), multicast, unspecified and
    /// reserved addresses are never allowed.
    /// </summary>
    /// <value>The default is false.</value>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>The User-Agent header sent.</summary>
    [Required]
    [MinLength(1)]
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>The Accept-Language header sent.</summary>
    [Required]
    public string AcceptLanguage { get; init; } = DefaultAcceptLanguage;

    /// <summary>
    /// A folder of this source's own (e.g. <c>&lt;data&gt;/connectors/&lt;source-id&gt;</c>) where the crawler keeps, per
    /// URL, the validators (ETag, Last-Modified), the extracted text and the links, for conditional re-crawls. Null
    /// means no state: every crawl reads every page again, and a page that fails for a while cannot lend its old links.
    /// One crawl at a time per folder.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>Checks every option, naming the config path and what is allowed.</summary>
    /// <exception cref="HunyuException"><c>invalid_argument</c>: an option is out of range, no URL or sitemap is given, a URL is not http(s) or carries credentials, or an allowed host is malformed.</exception>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            var first = results[0];
            var name = first.MemberNames.FirstOrDefault() ?? "options";
            var value = GetType().GetProperty(name)?.GetValue(this);
            throw new HunyuException(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} is {value ?? "empty"}; {AllowedText(first)}"));
        }

        if (Urls.Count == 0 && Sitemaps.Count == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"web crawl: give at least one URL ({Section}:{nameof(Urls)}) or sitemap ({Section}:{nameof(Sitemaps)})");
        }

        foreach (var (list, name) in new[] { (Urls, nameof(Urls)), (Sitemaps, nameof(Sitemaps)) })
        {
            foreach (var url in list)
            {
                if (!CanonicalUrl.TryCreate(url, null, out _, out var reason))
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"{Section}:{name}: '{url}' {reason}; give an absolute http:// or https:// URL");
                }
            }
        }

        foreach (var host in AllowedHosts)
        {
            if (!HostScope.IsValidPattern(host))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{Section}:{nameof(AllowedHosts)}: '{host}' is not a host name; give e.g. example.com or *.example.com");
            }
        }
    }

    private static string AllowedText(ValidationResult result) => result.ErrorMessage switch
    {
        { } message when message.Contains(" must be between ", StringComparison.Ordinal) => "allowed " + message[(message.IndexOf(" must be between ", StringComparison.Ordinal) + " must be ".Length)..].TrimEnd('.'),
        { } message => message.TrimEnd('.'),
        null => "not allowed",
    };
}
